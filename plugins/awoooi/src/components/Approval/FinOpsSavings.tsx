import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type { Proposal } from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { formatCurrency } from '../common/format';

/**
 * "Monthly savings if fixed" of a FinOps proposal: the monthly cost of the
 * recommendation it was made from, read from the entity's FinOps report.
 * Nothing is shown when the recommendation is gone (fixed, or rescanned).
 */
export function FinOpsSavings(props: { proposal: Proposal }) {
  const { proposal } = props;
  const api = useApi(awoooiApiRef);
  const { value } = useAsync(async () => {
    const report = await api.getFinOps(proposal.entityRef);
    const rec = report.recommendations.find(r => r.proposalId === proposal.id);
    return rec && { amount: rec.monthlyCost, currency: report.currency };
  }, [api, proposal.entityRef, proposal.id]);
  if (!value) return null;
  return (
    <Typography variant="body1" aria-label="monthly savings">
      Monthly savings if fixed:{' '}
      <strong>{formatCurrency(value.amount, value.currency)}</strong>
    </Typography>
  );
}
