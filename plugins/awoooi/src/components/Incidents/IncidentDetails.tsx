import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  incidentChannel,
  type AwoooiMe,
  type IncidentSignal,
} from '@awoooi/plugin-awoooi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { awoooiApiRef } from '../../api';
import { ProposalList } from '../Approval/ProposalList';
import { RelativeTime } from '../common/RelativeTime';
import { SeverityChip } from '../common/SeverityChip';
import { useOnSignal } from '../common/useOnSignal';
import { AnalysisPanel } from './AnalysisPanel';
import { BurnRate } from './BurnRate';
import { IncidentReportCard } from './IncidentReportCard';
import { ThinkingTerminal } from './ThinkingTerminal';
import { TruncatedText } from '../common/TruncatedText';

/** Without signals the page polls an open incident this often. */
const POLL_MS = 15_000;

/**
 * Everything about one incident, kept live: any signal on the incident's
 * channel other than a transcript line means its state, analysis or proposals
 * changed, so they are fetched again (a second approver's signature appears
 * without a reload).
 */
export function IncidentDetails(props: {
  incidentId: string;
  me: AwoooiMe | undefined;
  meError?: Error;
  onChanged?: () => void;
}) {
  const { incidentId, me, meError, onChanged } = props;
  const api = useApi(awoooiApiRef);
  const details = useAsyncRetry(
    () => api.getIncident(incidentId),
    [api, incidentId],
  );
  const { retry } = details;
  const { lastSignal, isSignalsAvailable } = useSignal(
    incidentChannel(incidentId),
  );
  const signal = lastSignal as unknown as IncidentSignal | null;
  const [pollToken, setPollToken] = useState(0);

  useOnSignal(signal, received => {
    if (received.type !== 'transcript') {
      retry();
      onChanged?.();
    }
  });

  const open = details.value?.incident.state === 'open';
  useInterval(
    () => {
      retry();
      setPollToken(t => t + 1);
    },
    !isSignalsAvailable && open ? POLL_MS : null,
  );

  if (details.error && !details.value) {
    return <ResponseErrorPanel error={details.error} />;
  }
  if (!details.value) {
    return <Progress />;
  }
  const { incident, alerts, analysis, proposals } = details.value;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard
          title={<TruncatedText text={incident.title} />}
          subheader={
            <span>
              {incident.state === 'open' ? 'open since' : 'opened'}{' '}
              <RelativeTime iso={incident.openedAt} /> · {incident.firingAlerts}{' '}
              of {incident.totalAlerts} alerts firing · group{' '}
              <code>
                <TruncatedText text={incident.groupKey} />
              </code>
            </span>
          }
          action={<SeverityChip severity={incident.severity} />}
        >
          <BurnRate
            incident={incident}
            currency={analysis?.currency ?? 'USD'}
          />
          {alerts.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              Alerts:{' '}
              <TruncatedText
                text={alerts.map(a => `${a.title} (${a.status})`).join(' · ')}
              />
            </Typography>
          )}
        </InfoCard>
      </Grid>
      {incident.state === 'resolved' && (
        <Grid item xs={12}>
          <IncidentReportCard
            key={`${incident.id}:${incident.updatedAt}:${proposals
              .map(p => p.verification?.outcome ?? '')
              .join()}`}
            incidentId={incident.id}
          />
        </Grid>
      )}
      <Grid item xs={12} lg={7}>
        <AnalysisPanel incident={incident} analysis={analysis} />
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard title="Thinking terminal">
          <ThinkingTerminal
            incidentId={incident.id}
            lastSignal={signal}
            live={isSignalsAvailable}
            refreshToken={pollToken}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Typography variant="h5" component="h2">
          Proposed fixes
        </Typography>
        {meError && (
          <Typography color="error" variant="body2">
            Could not load your approver roles: {meError.message}
          </Typography>
        )}
      </Grid>
      <Grid item xs={12}>
        {proposals.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No fix proposed yet.
          </Typography>
        ) : (
          <ProposalList
            proposals={proposals}
            me={me}
            onChanged={() => {
              retry();
              onChanged?.();
            }}
          />
        )}
      </Grid>
    </Grid>
  );
}
