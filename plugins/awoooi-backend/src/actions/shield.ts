import {
  Incident,
  OperationLogEntry,
  Proposal,
  signatureProgress,
} from '@awoooi/plugin-awoooi-common';
import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import type { PrivacyVault } from '../privacy/PrivacyVault';

// What people or senders typed (alert names, comments, reasons, log details)
// leaves an action only through the incident's Privacy-Shield scope, with
// the labels the rest of the incident uses. Ids and entity refs stay as
// they are: they are what the assistant passes back to the next tool.

/** Runs `fn` with the incident's scope, or a throwaway one outside any incident. */
export function withShield<T>(
  vault: PrivacyVault,
  incidentId: string | null,
  fn: (scope: PrivacyScope) => T,
): Promise<T> {
  if (incidentId) return vault.withScope(incidentId, fn);
  return Promise.resolve(fn(new PrivacyScope()));
}

const text = (scope: PrivacyScope, value: string) => scope.redact(value).text;

export function shieldIncident(scope: PrivacyScope, i: Incident): Incident {
  return {
    ...i,
    title: text(scope, i.title),
    groupKey: text(scope, i.groupKey),
  };
}

export function shieldProposal(scope: PrivacyScope, p: Proposal): Proposal {
  return {
    ...p,
    title: text(scope, p.title),
    reason: p.reason === null ? null : text(scope, p.reason),
    params: scope.redactObject(p.params),
    signatures: p.signatures.map(s => ({
      ...s,
      comment: text(scope, s.comment),
    })),
    result: p.result && { ...p.result, detail: text(scope, p.result.detail) },
  };
}

export function shieldLogEntry(
  scope: PrivacyScope,
  e: OperationLogEntry,
): OperationLogEntry {
  return { ...e, details: scope.redactObject(e.details) };
}

/** A proposal in a list: shielded, with its approvals counted the way signing counts them. */
export function summarizeProposal(scope: PrivacyScope, p: Proposal) {
  return {
    ...shieldProposal(scope, p),
    approvals: signatureProgress(p.required, p.signatures).approvers.length,
    dryRunOk: p.dryRun ? p.dryRun.ok : null,
  };
}
