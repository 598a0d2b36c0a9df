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
  type Incident,
  type IncidentDetails as IncidentDetailsResponse,
  type IncidentSignal,
  type Proposal,
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
 * An incident's details, fetched again on any signal on its channel other
 * than a transcript line, or polled while open when signals are unavailable
 * (`pollToken` counts the polls, for the transcript to follow).
 */
function useLiveIncident(incidentId: string, onChanged?: () => void) {
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
  return { details, signal, isSignalsAvailable, pollToken };
}

/** Title, age, alert counts, burn rate and the alerts of the incident. */
function IncidentSummaryCard(props: {
  incident: Incident;
  alerts: IncidentDetailsResponse['alerts'];
  currency: string;
}) {
  const { incident, alerts, currency } = props;
  return (
    <InfoCard
      title={<TruncatedText text={incident.title} />}
      subheader={
        <span>
          {incident.state === 'open' ? 'open since' : 'opened'}{' '}
          <RelativeTime iso={incident.openedAt} /> · {incident.firingAlerts} of{' '}
          {incident.totalAlerts} alerts firing · group{' '}
          <code>
            <TruncatedText text={incident.groupKey} />
          </code>
        </span>
      }
      action={<SeverityChip severity={incident.severity} />}
    >
      <BurnRate incident={incident} currency={currency} />
      {alerts.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Alerts:{' '}
          <TruncatedText
            text={alerts.map(a => `${a.title} (${a.status})`).join(' · ')}
          />
        </Typography>
      )}
    </InfoCard>
  );
}

/** The heading, a roles error if any, and the proposals (or that there are none). */
function ProposedFixes(props: {
  proposals: Proposal[];
  me: AwoooiMe | undefined;
  meError?: Error;
  onChanged: () => void;
}) {
  const { proposals, me, meError, onChanged } = props;
  return (
    <>
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
          <ProposalList proposals={proposals} me={me} onChanged={onChanged} />
        )}
      </Grid>
    </>
  );
}

/** The report is fetched again when the incident or a fix's verification changes. */
function reportKey(incident: Incident, proposals: Proposal[]): string {
  return `${incident.id}:${incident.updatedAt}:${proposals
    .map(p => p.verification?.outcome ?? '')
    .join()}`;
}

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
  const live = useLiveIncident(incidentId, onChanged);
  const { details } = live;

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
        <IncidentSummaryCard
          incident={incident}
          alerts={alerts}
          currency={analysis?.currency ?? 'USD'}
        />
      </Grid>
      {incident.state === 'resolved' && (
        <Grid item xs={12}>
          <IncidentReportCard
            key={reportKey(incident, proposals)}
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
            lastSignal={live.signal}
            live={live.isSignalsAvailable}
            refreshToken={live.pollToken}
          />
        </InfoCard>
      </Grid>
      <ProposedFixes
        proposals={proposals}
        me={me}
        meError={meError}
        onChanged={() => {
          details.retry();
          onChanged?.();
        }}
      />
    </Grid>
  );
}
