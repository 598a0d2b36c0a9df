import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  evaluateSignature,
  isSatisfied,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import type { Knex } from 'knex';
import type { ProposalStore } from '../database/ProposalStore';
import type { SignatureRequest, SignerIdentity } from './types';

/**
 * Under the proposal's row lock: checks the signer may sign, stores the
 * signature and moves the proposal on (REJECTED, EXECUTING, or still
 * PENDING), with the pattern's trust in the same transaction.
 */
export async function recordSignature(
  store: ProposalStore,
  deadlineOf: (action: string) => string,
  trx: Knex.Transaction,
  proposal: Proposal,
  { signer, decision, comment }: SignatureRequest,
) {
  if (proposal.state !== 'PENDING') {
    throw new ConflictError(
      `Proposal is ${proposal.state}; it can no longer be signed`,
    );
  }
  if (Date.parse(proposal.expiresAt) < Date.now()) {
    const reason = 'Expired before enough signatures';
    await store.transition(
      proposal.id,
      ['PENDING'],
      'EXPIRED',
      { reason },
      trx,
    );
    return { proposal, expired: true as const };
  }
  const verdict = evaluateSignature({
    requirement: proposal.required,
    proposedBy: proposal.proposedBy,
    signatures: proposal.signatures,
    signer,
    decision,
  });
  if (!verdict.allowed)
    throw new NotAllowedError(`Cannot ${decision}: ${verdict.reason}`);
  const signature = {
    userRef: signer.userRef,
    role: verdict.role,
    decision,
    comment,
    at: new Date().toISOString(),
  };
  await store.addSignature(trx, proposal.id, signature);
  const next = await advance(
    store,
    deadlineOf,
    trx,
    proposal,
    signature,
    signer,
  );
  return { proposal, signature, ...next };
}

/** Where a new signature takes the proposal, and the trust it teaches. */
async function advance(
  store: ProposalStore,
  deadlineOf: (action: string) => string,
  trx: Knex.Transaction,
  proposal: Proposal,
  signature: Proposal['signatures'][number],
  signer: SignerIdentity,
) {
  if (signature.decision === 'reject') {
    const by = `Rejected by ${signer.userRef}`;
    const reason = signature.comment ? `${by}: ${signature.comment}` : by;
    await store.transition(
      proposal.id,
      ['PENDING'],
      'REJECTED',
      { reason },
      trx,
    );
    await store.trust.apply(proposal.pattern, proposal.baseRisk, 'reject', {
      db: trx,
    });
    return { next: 'REJECTED' as const };
  }
  if (!isSatisfied(proposal.required, [...proposal.signatures, signature]))
    return { next: 'PENDING' as const };
  await store.transition(
    proposal.id,
    ['PENDING'],
    'EXECUTING',
    { executionDeadline: deadlineOf(proposal.action) },
    trx,
  );
  const { score } = await store.trust.apply(
    proposal.pattern,
    proposal.baseRisk,
    'approve',
    { db: trx },
  );
  return { next: 'EXECUTING' as const, score };
}
