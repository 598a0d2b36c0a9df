import Typography from '@material-ui/core/Typography';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import { formatCurrency, hoursBetween } from '../common/format';
import { useNow } from '../common/useNow';

/**
 * How much money the incident burns: the rate from the analysis and the cost
 * so far (rate × hours open), ticking every second while it is open.
 */
export function BurnRate(props: { incident: Incident; currency: string }) {
  const { incident, currency } = props;
  const open = incident.state === 'open';
  const now = useNow(1000, open && incident.costPerHour !== null);
  if (incident.costPerHour === null) return null;
  const until = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  const soFar = incident.costPerHour * hoursBetween(incident.openedAt, until);
  const rate = `${formatCurrency(incident.costPerHour, currency)}/h`;
  return (
    <Typography
      variant="h6"
      color={open ? 'error' : 'textSecondary'}
      style={{ display: 'flex', alignItems: 'center', gap: 6 }}
      aria-live="off"
    >
      <WhatshotIcon aria-hidden />
      {open
        ? `burning ${rate}, ${formatCurrency(soFar, currency)} so far`
        : `cost ${formatCurrency(soFar, currency)} at ${rate}`}
    </Typography>
  );
}
