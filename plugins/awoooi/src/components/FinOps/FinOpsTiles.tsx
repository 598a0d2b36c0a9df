import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type { FinOpsReport } from '@awoooi/plugin-awoooi-common';
import { formatCurrency } from '../common/format';

function Tile(props: {
  label: string;
  value: string;
  hint: string;
  accent?: string;
}) {
  return (
    <Paper variant="outlined" style={{ padding: 16, height: '100%' }}>
      <Typography variant="overline" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h4" component="p" style={{ color: props.accent }}>
        {props.value}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {props.hint}
      </Typography>
    </Paper>
  );
}

/** Monthly waste, what can be saved now, what needs a scale-down, and the year. */
export function FinOpsTiles(props: { report: FinOpsReport }) {
  const { report } = props;
  const tiles = [
    {
      label: 'Monthly waste',
      amount: report.monthlyWaste,
      hint: 'requested − used × 1.2',
      accent: '#d84315',
    },
    {
      label: 'Realizable',
      amount: report.realizable,
      hint: 'can be acted on now',
      accent: '#2e7d32',
    },
    { label: 'Freed', amount: report.freed, hint: 'after a scale-down' },
    {
      label: 'Annual',
      amount: report.annual,
      hint: 'realizable × 12, if all fixed',
    },
  ];
  return (
    <Grid container spacing={2} aria-label="finops totals">
      {tiles.map(tile => (
        <Grid item xs={6} md={3} key={tile.label}>
          <Tile
            label={tile.label}
            value={formatCurrency(tile.amount, report.currency)}
            hint={tile.hint}
            accent={tile.accent}
          />
        </Grid>
      ))}
    </Grid>
  );
}
