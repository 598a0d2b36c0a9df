import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  formatReportDuration,
  MttrPoint,
  PatternOutcomes,
} from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';

const WIDTH = 320;
const HEIGHT = 60;

/** MTTR per day as a line: lower is better. */
function MttrTrend(props: { points: MttrPoint[] }) {
  const theme = useTheme();
  const { points } = props;
  if (points.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        No incident resolved in the last 30 days.
      </Typography>
    );
  const high = Math.max(...points.map(p => p.mttrMs)) || 1;
  const x = (i: number) =>
    points.length === 1 ? WIDTH / 2 : (i / (points.length - 1)) * WIDTH;
  const y = (v: number) => HEIGHT - 4 - (v / high) * (HEIGHT - 8);
  const latest = points[points.length - 1];
  return (
    <>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label="MTTR trend">
        <polyline
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          points={points.map((p, i) => `${x(i)},${y(p.mttrMs)}`).join(' ')}
        />
      </svg>
      <Typography variant="body2">
        MTTR on {latest.day}: {formatReportDuration(latest.mttrMs)} over{' '}
        {latest.incidents} incident{latest.incidents === 1 ? '' : 's'}
      </Typography>
    </>
  );
}

const columns: TableColumn<PatternOutcomes>[] = [
  { title: 'Pattern', field: 'pattern' },
  {
    title: 'Verified fixes',
    render: p =>
      p.verifiedRate === null ? '—' : `${Math.round(p.verifiedRate * 100)}%`,
  },
  { title: 'Verified', field: 'verified' },
  { title: 'Ineffective', field: 'ineffective' },
  { title: 'Regressed', field: 'regressed' },
];

/** Whether fixes work: the MTTR trend and the verified-fix rate of each action pattern. */
export function OutcomesCard() {
  const api = useApi(awoooiApiRef);
  const outcomes = useAsync(() => api.getOutcomes(30), [api]);
  if (outcomes.loading) return <Progress />;
  if (outcomes.error) return <ResponseErrorPanel error={outcomes.error} />;
  const { mttr, patterns } = outcomes.value!;
  return (
    <InfoCard title="Fix outcomes (30 days)">
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <MttrTrend points={mttr} />
        </Grid>
        <Grid item xs={12} md={8}>
          <Table<PatternOutcomes>
            title="Verified-fix rate per action pattern"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={patterns}
            emptyContent={
              <Typography variant="body2" color="textSecondary">
                No executed fix has been verified yet.
              </Typography>
            }
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
