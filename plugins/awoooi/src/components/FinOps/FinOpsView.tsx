import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { AwoooiMe, FinOpsReport } from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { isNotFound } from '../common/errors';
import { ProposalList } from '../Approval/ProposalList';
import { RelativeTime } from '../common/RelativeTime';
import { FinOpsTiles } from './FinOpsTiles';
import { RecommendationsTable } from './RecommendationsTable';
import { WasteHistoryChart } from './WasteHistoryChart';

/** The entity's FinOps report, its FinOps fix proposals, and the caller. */
function useFinOpsData(entityRef: string) {
  const api = useApi(awoooiApiRef);
  const report = useAsync(() => api.getFinOps(entityRef), [api, entityRef]);
  // FinOps fixes belong to no incident, so they are approved here.
  const proposals = useAsyncRetry(async () => {
    const all = await api.listProposals({ entityRef });
    return all.filter(p => p.source === 'finops');
  }, [api, entityRef]);
  const me = useAsync(() => api.getMe(), [api]);
  return { report, proposals, me };
}

function RecommendationsSection(props: {
  report: FinOpsReport;
  onProposed: () => void;
}) {
  const { report } = props;
  if (report.recommendations.length === 0) {
    return (
      <InfoCard title="Recommendations">
        <Typography variant="body2">
          No waste found. Nothing to recommend.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <RecommendationsTable
      recommendations={report.recommendations}
      currency={report.currency}
      onProposed={props.onProposed}
    />
  );
}

/** The FinOps fix proposals to approve here, or why they could not be loaded. */
function FixProposals(props: {
  proposals: ReturnType<typeof useFinOpsData>['proposals'];
  me: AwoooiMe | undefined;
}) {
  const { proposals, me } = props;
  return (
    <>
      {proposals.error && (
        <Grid item xs={12}>
          <ResponseErrorPanel
            error={proposals.error}
            title="Could not load the fix proposals"
          />
        </Grid>
      )}
      {proposals.value && proposals.value.length > 0 && (
        <Grid item xs={12}>
          <Typography variant="h5" component="h2" gutterBottom>
            Fix proposals
          </Typography>
          <ProposalList
            proposals={proposals.value}
            me={me}
            onChanged={proposals.retry}
          />
        </Grid>
      )}
    </>
  );
}

/** The FinOps tab of one entity: totals, recommendations and waste over time. */
export function FinOpsView(props: { entityRef: string }) {
  const {
    report: { value: report, loading, error },
    proposals,
    me,
  } = useFinOpsData(props.entityRef);

  if (loading) return <Progress />;
  if (error && !isNotFound(error)) return <ResponseErrorPanel error={error} />;
  if (
    !report ||
    (report.generatedAt === null && report.recommendations.length === 0)
  ) {
    return (
      <EmptyState
        missing="data"
        title="No FinOps data yet"
        description="The FinOps scan has not reported on this entity. It looks for orphaned volumes, idle pods and over-provisioned nodes on its schedule."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <FinOpsTiles report={report} />
        {report.generatedAt && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            style={{ marginTop: 8 }}
          >
            Scanned <RelativeTime iso={report.generatedAt} />
          </Typography>
        )}
      </Grid>
      <Grid item xs={12}>
        <RecommendationsSection report={report} onProposed={proposals.retry} />
      </Grid>
      <FixProposals proposals={proposals} me={me.value} />
      <Grid item xs={12}>
        <InfoCard title="Monthly waste over time">
          <WasteHistoryChart
            history={report.history}
            currency={report.currency}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
