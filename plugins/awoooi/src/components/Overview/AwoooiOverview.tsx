import Grid from '@material-ui/core/Grid';
import { CapacityCard } from './CapacityCard';
import { OpenIncidentsCard } from './OpenIncidentsCard';
import { OutcomesCard } from './OutcomesCard';
import { PendingApprovalsCard } from './PendingApprovalsCard';
import { ScansCard } from './ScansCard';
import { UnmappedAlertsCard } from './UnmappedAlertsCard';

/** The cross-catalog view at /awoooi. */
export function AwoooiOverview() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PendingApprovalsCard />
      </Grid>
      <Grid item xs={12}>
        <OpenIncidentsCard />
      </Grid>
      <Grid item xs={12}>
        <OutcomesCard />
      </Grid>
      <Grid item xs={12}>
        <UnmappedAlertsCard />
      </Grid>
      <Grid item xs={12}>
        <ScansCard />
      </Grid>
      <Grid item xs={12}>
        <CapacityCard />
      </Grid>
    </Grid>
  );
}
