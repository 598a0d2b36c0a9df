import Grid from '@material-ui/core/Grid';
import type { AwoooiMe, Proposal } from '@awoooi/plugin-awoooi-common';
import { ApprovalCard } from './ApprovalCard';

/** Approval cards side by side, each refreshing the list when it changes. */
export function ProposalList(props: {
  proposals: Proposal[];
  me: AwoooiMe | undefined;
  onChanged: () => void;
}) {
  return (
    <Grid container spacing={2}>
      {props.proposals.map(proposal => (
        <Grid item xs={12} md={6} key={proposal.id}>
          <ApprovalCard
            proposal={proposal}
            me={props.me}
            onChanged={props.onChanged}
          />
        </Grid>
      ))}
    </Grid>
  );
}
