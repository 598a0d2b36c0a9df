import { useTheme } from '@material-ui/core/styles';

const WIDTH = 120;
const HEIGHT = 28;

/**
 * A small line of recent values: the history in grey, the incident window
 * from `windowStart` on in the error colour, the usual value dashed.
 */
export function Sparkline(props: {
  values: number[];
  windowStart: number;
  baseline: number;
  label: string;
}) {
  const theme = useTheme();
  const { values, windowStart, baseline } = props;
  if (values.length < 2) return null;
  const low = Math.min(baseline, ...values);
  const high = Math.max(baseline, ...values);
  const span = high - low || 1;
  const x = (i: number) => (i / (values.length - 1)) * WIDTH;
  const y = (v: number) => HEIGHT - 2 - ((v - low) / span) * (HEIGHT - 4);
  const line = (from: number, to: number) =>
    values
      .slice(from, to)
      .map((v, i) => `${x(from + i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
  // The window's line starts at the last history point so the two join.
  const windowFrom = Math.max(0, windowStart - 1);
  return (
    <svg
      role="img"
      aria-label={props.label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <line
        x1={0}
        x2={WIDTH}
        y1={y(baseline)}
        y2={y(baseline)}
        stroke={theme.palette.text.disabled}
        strokeDasharray="3 3"
        data-testid="sparkline-usual"
      />
      {windowStart > 0 && (
        <polyline
          fill="none"
          stroke={theme.palette.text.secondary}
          strokeWidth={1.5}
          points={line(0, windowStart)}
          data-testid="sparkline-history"
        />
      )}
      <polyline
        fill="none"
        stroke={theme.palette.error.main}
        strokeWidth={2}
        points={line(windowFrom, values.length)}
        data-testid="sparkline-window"
      />
    </svg>
  );
}
