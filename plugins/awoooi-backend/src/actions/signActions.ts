import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { awoooiProposalApprovePermission } from '@awoooi/plugin-awoooi-common';
import { AwoooiActionsDeps, readableProposal } from './deps';
import { idShape, proposalShape } from './schemas';
import { shieldProposal, withShield } from './shield';

const DESCRIPTIONS = {
  approve:
    'Approves a PENDING remediation proposal as you. The risk matrix decides who may sign: MEDIUM needs one of ' +
    'admin/devops/sre, HIGH two different people with those roles, CRITICAL both the CTO and the CISO; nobody ' +
    'signs their own proposal or signs twice. The approval that completes the requirement runs the action at ' +
    'once, after a fresh dry-run: if the state changed since the dry-run the approvers saw, the proposal is ' +
    'VOIDED and nothing runs. Needs a signed-in user; a service token can never sign.',
  reject:
    'Rejects a PENDING remediation proposal as you: it ends (nothing runs) and the trust of its action pattern ' +
    'goes back to 0, so similar fixes need full signatures again. Only someone whose approver role the risk ' +
    'matrix allows may reject. Needs a signed-in user; a service token can never sign.',
} as const;

/**
 * Approve and reject through ProposalService.sign, exactly as the UI's routes
 * do: identity and roles from the caller's Backstage credentials, the same
 * permission, the same signature rules and row lock.
 */
export function registerSignActions(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  for (const decision of ['approve', 'reject'] as const) {
    registry.register({
      name: `${decision}-proposal`,
      title: `${decision === 'approve' ? 'Approve' : 'Reject'} a proposal`,
      description: DESCRIPTIONS[decision],
      attributes: { readOnly: false, destructive: true, idempotent: false },
      schema: {
        input: z =>
          z.object({
            proposalId: idShape(z),
            comment: z.string().max(2000).optional(),
          }),
        output: z => z.object({ proposal: proposalShape(z) }),
      },
      action: async ({ input, credentials }) => {
        const caller = await deps.access.allowedUser(
          credentials,
          awoooiProposalApprovePermission,
        );
        const target = await readableProposal(
          deps,
          credentials,
          input.proposalId,
        );
        // A comment is stored and shown: it goes through the Privacy Shield first.
        const comment = await withShield(
          deps.vault,
          target.incidentId,
          s => s.redact(input.comment ?? '').text,
        );
        const signed = await deps.proposals.sign(
          target.id,
          { userRef: caller.userEntityRef, roles: caller.roles },
          decision,
          comment,
        );
        const proposal = await withShield(deps.vault, signed.incidentId, s =>
          shieldProposal(s, signed),
        );
        return { output: { proposal } };
      },
    });
  }
}
