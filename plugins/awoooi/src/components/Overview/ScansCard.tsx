import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import {
  StatusError,
  StatusOK,
  StatusRunning,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { ScanStatus } from '@awoooi/plugin-awoooi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { errorText, isConflict } from '../common/errors';
import { humanize } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { cardPlaceholder } from '../common/cardPlaceholder';

function LastRun(props: { scan: ScanStatus }) {
  const { scan } = props;
  const run = scan.lastRun;
  if (scan.running) return <StatusRunning>running</StatusRunning>;
  if (!run)
    return (
      <Typography variant="body2" color="textSecondary">
        never ran
      </Typography>
    );
  const when = <RelativeTime iso={run.finishedAt ?? run.startedAt} />;
  if (run.status === 'failed') {
    return (
      <StatusError>
        failed {when}
        {run.error ? ` · ${run.error}` : ''}
      </StatusError>
    );
  }
  if (run.status === 'running')
    return <StatusRunning>running since {when}</StatusRunning>;
  return <StatusOK>succeeded {when}</StatusOK>;
}

function countsText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${humanize(k).toLocaleLowerCase('en-US')}: ${v}`)
    .join(' · ');
}

function RunNow(props: {
  scan: ScanStatus;
  busy: boolean;
  message?: string;
  onRun: () => void;
}) {
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        disabled={props.busy || props.scan.running}
        onClick={props.onRun}
      >
        Run now
      </Button>
      {props.message && (
        <Typography variant="caption" component="div" role="status">
          {props.message}
        </Typography>
      )}
    </>
  );
}

/**
 * Starts a scan on demand: which one is starting, and per scan what came of
 * the last request ('started', 'already running' or the error).
 */
function useRunScan(onStarted: () => void) {
  const api = useApi(awoooiApiRef);
  // Kept here, not in the row: the table remounts rows when the list refreshes.
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (scanId: string) => {
    setBusy(scanId);
    setMessages(m => ({ ...m, [scanId]: '' }));
    let message: string;
    try {
      await api.runScan(scanId);
      message = 'started';
    } catch (e) {
      message = isConflict(e) ? 'already running' : errorText(e);
    }
    setMessages(m => ({ ...m, [scanId]: message }));
    setBusy(null);
    onStarted();
  };
  return { messages, busy, run };
}

/** The scheduled scans: schedule, last run and its counts, and a way to run one now. */
export function ScansCard() {
  const api = useApi(awoooiApiRef);
  const scans = useAsyncRetry(() => api.listScans(), [api]);
  const { messages, busy, run } = useRunScan(() => scans.retry());

  const placeholder = cardPlaceholder('Scans', scans);
  if (placeholder || !scans.value) return placeholder ?? null;
  const columns: TableColumn<ScanStatus>[] = [
    { title: 'Scan', render: s => humanize(s.scanId), highlight: true },
    { title: 'Schedule', render: s => `${s.schedule} (${s.timeZone})` },
    { title: 'Last run', render: s => <LastRun scan={s} /> },
    {
      title: 'Counts',
      render: s => (s.lastRun ? countsText(s.lastRun.counts) : ''),
    },
    {
      title: '',
      render: s => (
        <RunNow
          scan={s}
          busy={busy === s.scanId}
          message={messages[s.scanId]}
          onRun={() => run(s.scanId)}
        />
      ),
    },
  ];
  return (
    <Table<ScanStatus>
      title="Scans"
      columns={columns}
      data={scans.value}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No scan is scheduled.
        </Typography>
      }
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
}
