import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  awoooiProposalCreatePermission,
  Incident,
  IncidentAnalysis,
  RISK_LEVELS,
  RiskLevel,
} from '@awoooi/plugin-awoooi-common';
import { AwoooiActionsDeps, readableIncident } from './deps';
import { idShape, proposalShape } from './schemas';
import { shieldProposal, withShield } from './shield';

interface ProposeRequest {
  incidentId: string;
  action: string;
  entityRef?: string;
  params: Record<string, unknown>;
  risk?: RiskLevel;
  title?: string;
}

/**
 * The entity the fix acts on: one the incident names (the alerting entity, a
 * root cause or the blast radius), the first probable root cause by default.
 */
function chooseEntity(
  incident: Incident,
  analysis: IncidentAnalysis | null,
  asked?: string,
): string {
  const named = [
    ...(analysis?.rootCauses.filter(c => !c.symptom) ?? []),
    ...(analysis?.rootCauses ?? []),
    ...(analysis?.blastRadius ?? []),
  ].map(e => e.entityRef);
  const members = (incident.entities ?? []).map(e => e.entityRef);
  const refs = [...new Set([...named, incident.entityRef, ...members])];
  if (!asked) return refs[0];
  const match = refs.find(
    r => r.toLocaleLowerCase('en-US') === asked.toLocaleLowerCase('en-US'),
  );
  if (!match) {
    throw new InputError(
      `${asked} is not part of this incident; choose one of ${refs.join(', ')}`,
    );
  }
  return match;
}

/** Where the action runs, from the entity's own annotations, never from the caller. */
async function targetOf(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  action: string,
  entityRef: string,
): Promise<string> {
  if (!deps.executors.get(action)) {
    const offered = deps.executors.list().map(a => `${a.name} (${a.baseRisk})`);
    throw new InputError(
      `No executor offers '${action}'; available: ${
        offered.join(', ') || 'none'
      }`,
    );
  }
  const entity = await deps.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) throw new NotFoundError(`No entity ${entityRef} visible to you`);
  const target = deps.executors.targetFor(action, entity);
  if (!target) {
    throw new InputError(
      `'${action}' has no target on ${entityRef} (its annotations name none)`,
    );
  }
  return target;
}

async function propose(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  input: ProposeRequest,
) {
  const caller = await deps.access.allowedUser(
    credentials,
    awoooiProposalCreatePermission,
  );
  const incident = await readableIncident(deps, credentials, input.incidentId);
  if (incident.state !== 'open')
    throw new InputError(`Incident ${incident.id} is ${incident.state}`);
  const analysis = await deps.analyses.getAnalysis(incident.id);
  const entityRef = chooseEntity(incident, analysis, input.entityRef);
  const target = await targetOf(deps, credentials, input.action, entityRef);
  // Whatever the assistant passes is stored as Privacy-Shield labels and
  // rehydrated only at the executor, like a model's remediation.
  const { params, title } = await withShield(deps.vault, incident.id, s => ({
    params: s.redactObject(input.params),
    title: s.redact(input.title ?? `${input.action} ${target}`).text,
  }));
  return deps.proposals.propose({
    source: 'incident',
    incidentId: incident.id,
    // The brain's remediations use the same key: one live proposal per fix.
    dedupeKey: `incident:${incident.id}|${input.action}|${target}`,
    action: input.action,
    target,
    entityRef,
    params,
    risk: input.risk ?? 'LOW',
    title,
    blastRadius: analysis?.blastRadius ?? [],
    proposedBy: caller.userEntityRef,
  });
}

export function registerProposeAction(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'propose-runbook-action',
    title: 'Propose a runbook action for an incident',
    description:
      'Proposes a remediation for an open incident as you: an action an AWOOOI executor offers (e.g. ' +
      'rollout_restart, scale_deployment) on an entity of the incident (the alerting entity, a root cause or the ' +
      "blast radius; the first probable root cause by default). The target comes from the entity's catalog " +
      'annotations. The proposal is dry-run at once and then needs the signatures its risk requires; a LOW-risk ' +
      'action (or one trusted down to LOW) runs immediately. Proposing the same fix again returns the live ' +
      "proposal. Parameters may use the incident's Privacy-Shield labels ([IP_1], …). Needs a signed-in user.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          incidentId: idShape(z),
          action: z.string().min(1).max(200),
          entityRef: z.string().min(1).optional(),
          params: z.record(z.unknown()).default({}),
          risk: z
            .enum(RISK_LEVELS as [RiskLevel, ...RiskLevel[]])
            .optional()
            .describe("Raises the action's base risk; never lowers it"),
          title: z.string().min(1).max(200).optional(),
        }),
      output: z => z.object({ proposal: proposalShape(z) }),
    },
    action: async ({ input, credentials }) => {
      const created = await propose(deps, credentials, input);
      const proposal = await withShield(deps.vault, created.incidentId, s =>
        shieldProposal(s, created),
      );
      return { output: { proposal } };
    },
  });
}
