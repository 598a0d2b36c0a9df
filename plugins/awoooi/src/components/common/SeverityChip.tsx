import Chip from '@material-ui/core/Chip';
import type { Severity } from '@awoooi/plugin-awoooi-common';

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#b71c1c',
  high: '#d84315',
  warning: '#b26a00',
  info: '#1565c0',
};

export function SeverityChip(props: { severity: Severity }) {
  return (
    <Chip
      size="small"
      label={props.severity}
      style={{
        backgroundColor: SEVERITY_COLORS[props.severity] ?? '#616161',
        color: '#fff',
        fontWeight: 600,
      }}
    />
  );
}
