import Chip from '@material-ui/core/Chip';
import type { RiskLevel } from '@awoooi/plugin-awoooi-common';

/** One colour per risk level, dark enough for white text. */
export const RISK_COLORS: Record<RiskLevel, string> = {
  LOW: '#2e7d32',
  MEDIUM: '#b26a00',
  HIGH: '#d84315',
  CRITICAL: '#b71c1c',
};

export function RiskBadge(props: {
  risk: RiskLevel;
  size?: 'small' | 'medium';
}) {
  return (
    <Chip
      size={props.size ?? 'small'}
      label={props.risk}
      // Inline, so table cell styles cannot override the contrast.
      style={{
        backgroundColor: RISK_COLORS[props.risk] ?? '#616161',
        color: '#fff',
        fontWeight: 700,
        letterSpacing: 0.5,
      }}
      aria-label={`risk ${props.risk}`}
    />
  );
}
