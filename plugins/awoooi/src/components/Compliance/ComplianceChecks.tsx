import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  COMPLIANCE_DIMENSIONS,
  type ComplianceCheck,
  type ComplianceDimension,
  type ComplianceStatus,
} from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';

const DIMENSION_LABELS: Record<ComplianceDimension, string> = {
  secret_rotated: 'Secrets rotated',
  ssl_cert_valid: 'SSL certificate valid',
  cve_scan: 'CVE scan',
  backup_tested: 'Backup tested',
  audit_log_enabled: 'Audit log enabled',
  access_reviewed: 'Access reviewed',
  encryption_at_rest: 'Encryption at rest',
};

function StatusIcon(props: { status: ComplianceStatus }) {
  switch (props.status) {
    case 'pass':
      return <StatusOK aria-label="pass" />;
    case 'warning':
      return <StatusWarning aria-label="warning" />;
    case 'fail':
      return <StatusError aria-label="fail" />;
    default:
      return <StatusAborted aria-label="unknown" />;
  }
}

/** All seven dimensions in a fixed order; one never checked reads "unknown". */
export function ComplianceChecks(props: { checks: ComplianceCheck[] }) {
  const byDimension = new Map(props.checks.map(c => [c.dimension, c]));
  return (
    <List dense disablePadding aria-label="compliance dimensions">
      {COMPLIANCE_DIMENSIONS.map(dimension => {
        const check = byDimension.get(dimension);
        return (
          <ListItem key={dimension} disableGutters>
            <span style={{ minWidth: 28, display: 'inline-flex' }}>
              <StatusIcon status={check?.status ?? 'unknown'} />
            </span>
            <ListItemText
              primary={DIMENSION_LABELS[dimension]}
              secondary={
                check ? (
                  <>
                    {check.evidence} · <RelativeTime iso={check.checkedAt} />
                  </>
                ) : (
                  'not checked yet'
                )
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
