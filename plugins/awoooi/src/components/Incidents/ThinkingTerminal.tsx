import { useCallback, useEffect, useRef, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type {
  IncidentSignal,
  TranscriptLine,
} from '@awoooi/plugin-awoooi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { hasGap, mergeLines } from './transcript';
import { useOnSignal } from '../common/useOnSignal';
import { TruncatedText } from '../common/TruncatedText';

/** A transcript line quoting a huge alert title stays a few lines long. */
const LINE_MAX = 500;

const KIND_COLORS: Record<TranscriptLine['kind'], string> = {
  step: '#80cbc4',
  token: '#e0e0e0',
  note: '#fff59d',
  error: '#ef9a9a',
  done: '#a5d6a7',
};

const useStyles = makeStyles(theme => ({
  terminal: {
    background: '#0d1117',
    color: '#e0e0e0',
    fontFamily: '"JetBrains Mono", "Fira Code", Menlo, Consolas, monospace',
    fontSize: '0.8rem',
    lineHeight: 1.5,
    padding: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    maxHeight: 360,
    minHeight: 120,
    overflowY: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  time: { color: '#6e7681', marginRight: theme.spacing(1) },
  status: { marginTop: theme.spacing(0.5) },
}));

/**
 * The incident's transcript: the stored lines, fetched again on a poll or
 * when a gap shows, merged with each line published on its signal channel.
 */
function useTranscript(
  incidentId: string,
  lastSignal: IncidentSignal | null,
  refreshToken?: number,
) {
  const api = useApi(awoooiApiRef);
  const [lines, setLinesState] = useState<TranscriptLine[]>([]);
  // Mirrors `lines` so signal handling can compare without a state updater.
  const linesRef = useRef<TranscriptLine[]>([]);

  const setLines = useCallback((next: TranscriptLine[]) => {
    linesRef.current = next;
    setLinesState(next);
  }, []);

  const stored = useAsyncRetry(
    () => api.getTranscript(incidentId),
    [api, incidentId],
  );
  const { retry } = stored;

  useEffect(() => setLines([]), [incidentId, setLines]);

  useEffect(() => {
    if (refreshToken) retry();
  }, [refreshToken, retry]);

  useEffect(() => {
    if (stored.value) setLines(mergeLines(linesRef.current, stored.value));
  }, [stored.value, setLines]);

  useOnSignal(lastSignal, received => {
    const line = received.type === 'transcript' ? received.line : undefined;
    if (!line || received.incidentId !== incidentId) return;
    if (hasGap(linesRef.current, line)) retry();
    setLines(mergeLines(linesRef.current, [line]));
  });
  return { lines, stored };
}

/** One line: its time, a marker for a step, the text in the kind's colour. */
function TerminalLine({ line }: { line: TranscriptLine }) {
  const classes = useStyles();
  return (
    <div style={{ color: KIND_COLORS[line.kind] ?? '#e0e0e0' }}>
      <span className={classes.time}>
        {new Date(line.at).toLocaleTimeString('en-GB')}
      </span>
      {line.kind === 'step' ? '▸ ' : ''}
      <TruncatedText text={line.text} max={LINE_MAX} />
    </div>
  );
}

/**
 * The analysis' reasoning as it happens: the stored transcript, then each
 * line the backend publishes on the incident's signal channel.
 */
export function ThinkingTerminal(props: {
  incidentId: string;
  lastSignal: IncidentSignal | null;
  live: boolean;
  /** Changes when the caller polls (no signals): the transcript is fetched again. */
  refreshToken?: number;
}) {
  const { incidentId, lastSignal, live, refreshToken } = props;
  const classes = useStyles();
  const { lines, stored } = useTranscript(incidentId, lastSignal, refreshToken);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);

  if (stored.error && lines.length === 0) {
    return <ResponseErrorPanel error={stored.error} />;
  }
  if (stored.loading && lines.length === 0) {
    return <Progress />;
  }
  return (
    <div>
      <div
        className={classes.terminal}
        ref={box}
        role="log"
        aria-label="thinking terminal"
      >
        {lines.length === 0 && (
          <span style={{ color: '#6e7681' }}>$ waiting for the analysis…</span>
        )}
        {lines.map(line => (
          <TerminalLine key={line.seq} line={line} />
        ))}
      </div>
      <Typography
        variant="caption"
        color="textSecondary"
        className={classes.status}
      >
        {live
          ? '● live'
          : 'live updates unavailable (signals plugin not installed); reload to refresh'}
      </Typography>
    </div>
  );
}
