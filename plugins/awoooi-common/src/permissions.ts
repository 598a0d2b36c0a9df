import { createPermission } from '@backstage/plugin-permission-common';

/** Read incidents, their analysis, transcript and unmapped alerts. */
export const awoooiIncidentReadPermission = createPermission({
  name: 'awoooi.incident.read',
  attributes: { action: 'read' },
});

/**
 * Send alerts through the REST API. Checked for service principals (their
 * access restrictions); a person is never an alert sender.
 */
export const awoooiAlertCreatePermission = createPermission({
  name: 'awoooi.alert.create',
  attributes: { action: 'create' },
});

/** Sign (approve or reject) a remediation proposal. */
export const awoooiProposalApprovePermission = createPermission({
  name: 'awoooi.proposal.approve',
  attributes: { action: 'update' },
});

/** Turn a recommendation into a proposal. */
export const awoooiProposalCreatePermission = createPermission({
  name: 'awoooi.proposal.create',
  attributes: { action: 'create' },
});

/** Trigger a scheduled scanner by hand. */
export const awoooiScanRunPermission = createPermission({
  name: 'awoooi.scan.run',
  attributes: { action: 'update' },
});

/** Read scanner results: capacity, compliance, assets, rules, FinOps. */
export const awoooiScanReadPermission = createPermission({
  name: 'awoooi.scan.read',
  attributes: { action: 'read' },
});

/** Read the append-only operation log. */
export const awoooiAuditReadPermission = createPermission({
  name: 'awoooi.audit.read',
  attributes: { action: 'read' },
});

/** Post compliance evidence (CVE scan, backup test, access review, …). */
export const awoooiEvidenceCreatePermission = createPermission({
  name: 'awoooi.evidence.create',
  attributes: { action: 'create' },
});

export const awoooiPermissions = [
  awoooiIncidentReadPermission,
  awoooiAlertCreatePermission,
  awoooiProposalApprovePermission,
  awoooiProposalCreatePermission,
  awoooiScanRunPermission,
  awoooiScanReadPermission,
  awoooiAuditReadPermission,
  awoooiEvidenceCreatePermission,
];
