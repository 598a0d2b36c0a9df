import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { isNotFound } from '../common/errors';
import { ProposalList } from '../Approval/ProposalList';
import { RelativeTime } from '../common/RelativeTime';
import { FinOpsTiles } from './FinOpsTiles';
import { RecommendationsTable } from './RecommendationsTable';
import { WasteHistoryChart } from './WasteHistoryChart';

/** The FinOps tab of one entity: totals, recommendations and waste over time. */
export function FinOpsView(props: { entityRef: string }) {
  const api = useApi(awoooiApiRef);
  const {
    value: report,
    loading,
    error,
  } = useAsync(() => api.getFinOps(props.entityRef), [api, props.entityRef]);
  // FinOps fixes belong to no incident, so they are approved here.
  const proposals = useAsyncRetry(async () => {
    const all = await api.listProposals({ entityRef: props.entityRef });
    return all.filter(p => p.source === 'finops');
  }, [api, props.entityRef]);
  const me = useAsync(() => api.getMe(), [api]);

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
        {report.recommendations.length === 0 ? (
          <InfoCard title="Recommendations">
            <Typography variant="body2">
              No waste found. Nothing to recommend.
            </Typography>
          </InfoCard>
        ) : (
          <RecommendationsTable
            recommendations={report.recommendations}
            currency={report.currency}
            onProposed={proposals.retry}
          />
        )}
      </Grid>
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
            me={me.value}
            onChanged={proposals.retry}
          />
        </Grid>
      )}
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
