import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { formatCurrency } from '../common/format';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 16, right: 16, bottom: 28, left: 64 };

/** Pixel geometry of the series: one point per month, y from 0 to the max. */
export function chartPoints(
  history: Array<{ at: string; monthlyWaste: number }>,
): Array<{ x: number; y: number; at: string; value: number }> {
  const max = Math.max(0, ...history.map(h => h.monthlyWaste)) || 1;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = history.length > 1 ? innerW / (history.length - 1) : 0;
  return history.map((h, i) => ({
    x: PAD.left + (history.length > 1 ? i * step : innerW / 2),
    y: PAD.top + innerH - (Math.max(0, h.monthlyWaste) / max) * innerH,
    at: h.at,
    value: h.monthlyWaste,
  }));
}

function monthLabel(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-US', {
        month: 'short',
        year: '2-digit',
        timeZone: 'UTC',
      });
}

/** The two axes, with the top (the maximum) and zero labelled on the y axis. */
function Axes(props: { max: number; currency: string }) {
  const theme = useTheme();
  const baseline = HEIGHT - PAD.bottom;
  return (
    <>
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={baseline}
        y2={baseline}
        stroke={theme.palette.divider}
      />
      <line
        x1={PAD.left}
        x2={PAD.left}
        y1={PAD.top}
        y2={baseline}
        stroke={theme.palette.divider}
      />
      <text
        x={PAD.left - 6}
        y={PAD.top + 4}
        textAnchor="end"
        fontSize="11"
        fill={theme.palette.text.secondary}
      >
        {formatCurrency(props.max, props.currency)}
      </text>
      <text
        x={PAD.left - 6}
        y={baseline}
        textAnchor="end"
        fontSize="11"
        fill={theme.palette.text.secondary}
      >
        {formatCurrency(0, props.currency)}
      </text>
    </>
  );
}

/** A dot per month with its value as a tooltip; at most eight month labels. */
function MonthPoints(props: {
  points: ReturnType<typeof chartPoints>;
  color: string;
  currency: string;
}) {
  const theme = useTheme();
  const { points, color, currency } = props;
  const labelEvery = Math.ceil(points.length / 8);
  return (
    <>
      {points.map((p, i) => (
        <g key={p.at}>
          <circle cx={p.x} cy={p.y} r={3.5} fill={color}>
            <title>{`${monthLabel(p.at)}: ${formatCurrency(
              p.value,
              currency,
            )}`}</title>
          </circle>
          {i % labelEvery === 0 && (
            <text
              x={p.x}
              y={HEIGHT - 8}
              textAnchor="middle"
              fontSize="11"
              fill={theme.palette.text.secondary}
            >
              {monthLabel(p.at)}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

/** Monthly waste over time as a small SVG line chart with area fill. */
export function WasteHistoryChart(props: {
  history: Array<{ at: string; monthlyWaste: number }>;
  currency: string;
}) {
  const theme = useTheme();
  const history = [...props.history].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  if (history.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history yet: the chart fills in as the FinOps scan runs month after
        month.
      </Typography>
    );
  }
  const points = chartPoints(history);
  const max = Math.max(...history.map(h => h.monthlyWaste));
  const baseline = HEIGHT - PAD.bottom;
  const line = points.map(p => `${p.x},${p.y}`).join(' ');
  const area = `${points[0].x},${baseline} ${line} ${
    points[points.length - 1].x
  },${baseline}`;
  const color = theme.palette.secondary.main;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={`monthly waste over ${
        history.length
      } months, latest ${formatCurrency(
        history[history.length - 1].monthlyWaste,
        props.currency,
      )}`}
      style={{ maxHeight: 240 }}
    >
      <Axes max={max} currency={props.currency} />
      <polygon points={area} fill={color} opacity={0.12} />
      <polyline points={line} fill="none" stroke={color} strokeWidth={2} />
      <MonthPoints points={points} color={color} currency={props.currency} />
    </svg>
  );
}
