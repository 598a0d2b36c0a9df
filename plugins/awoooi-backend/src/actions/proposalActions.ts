import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  awoooiIncidentReadPermission,
  evaluateSignature,
  Proposal,
  signatureProgress,
} from '@awoooi/plugin-awoooi-common';
import type { Caller } from '../service/access';
import { AwoooiActionsDeps, readableProposal } from './deps';
import {
  idShape,
  proposalShape,
  proposalSummaryShape,
  READ_ONLY,
  Zod,
} from './schemas';
import { shieldProposal, summarizeProposal, withShield } from './shield';

/** Whether this person may approve / reject now, by the same rule signing applies. */
export function signability(caller: Caller, p: Proposal) {
  const check = (decision: 'approve' | 'reject') =>
    p.state === 'PENDING'
      ? evaluateSignature({
          requirement: p.required,
          proposedBy: p.proposedBy,
          signatures: p.signatures,
          signer: { userRef: caller.userEntityRef, roles: caller.roles },
          decision,
        })
      : { allowed: false as const, reason: `proposal is ${p.state}` };
  const approve = check('approve');
  const reject = check('reject');
  return {
    canApprove: approve.allowed,
    canReject: reject.allowed,
    reason: approve.allowed ? null : approve.reason,
  };
}

const signabilityShape = (z: Zod) =>
  z.object({
    canApprove: z.boolean(),
    canReject: z.boolean(),
    reason: z
      .string()
      .nullable()
      .describe('Why you cannot approve, if you cannot'),
  });

/** PENDING proposals the caller can see and may approve now. */
async function myPendingApprovals(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  limit: number,
) {
  const caller = await deps.access.allowedUser(
    credentials,
    awoooiIncidentReadPermission,
  );
  const pending = await deps.proposalStore.list({
    state: 'PENDING',
    limit: 500,
  });
  const readable = await deps.access.readableOnly(credentials, pending);
  return readable
    .filter(p => signability(caller, p).canApprove)
    .slice(0, limit);
}

export function registerMyPendingApprovals(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'list-my-pending-approvals',
    title: 'List my pending approvals',
    description:
      'Remediation proposals waiting for your signature: PENDING, on entities you can see, and which your ' +
      'approver roles allow you to approve now under the risk matrix (not proposed by you, not signed by you yet). ' +
      'Needs a signed-in user; a service token has no approvals.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({ limit: z.number().int().min(1).max(200).default(50) }),
      output: z => z.object({ proposals: z.array(proposalSummaryShape(z)) }),
    },
    action: async ({ input, credentials }) => {
      const found = await myPendingApprovals(deps, credentials, input.limit);
      const proposals = await Promise.all(
        found.map(p =>
          withShield(deps.vault, p.incidentId, s => summarizeProposal(s, p)),
        ),
      );
      return { output: { proposals } };
    },
  });
}

export function registerGetProposal(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'get-proposal',
    title: 'Get a proposal with its dry-run',
    description:
      'One remediation proposal: the action, target and parameters (Privacy-Shield labels; real values reach ' +
      'only the executor), its risk and the signatures it needs, the dry-run checks (permissions, existence, ' +
      'disruption budget, blast radius) with the fingerprint of the state they saw, signatures so far, ' +
      'the result once run, and whether you may approve or reject it now.',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ proposalId: idShape(z) }),
      output: z =>
        z.object({
          proposal: proposalShape(z),
          remainingApprovals: z.number(),
          you: signabilityShape(z)
            .nullable()
            .describe('null for a service caller'),
        }),
    },
    action: async ({ input, credentials }) => {
      const p = await readableProposal(deps, credentials, input.proposalId);
      const isUser = deps.access.isUser(credentials);
      const you = isUser
        ? signability(await deps.access.userOf(credentials), p)
        : null;
      const proposal = await withShield(deps.vault, p.incidentId, s =>
        shieldProposal(s, p),
      );
      const { remaining } = signatureProgress(p.required, p.signatures);
      return { output: { proposal, remainingApprovals: remaining, you } };
    },
  });
}
