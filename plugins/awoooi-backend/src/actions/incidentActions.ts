import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  awoooiIncidentReadPermission,
  Severity,
} from '@awoooi/plugin-awoooi-common';
import { redactAlerts } from '../privacy/redactAlerts';
import { AwoooiActionsDeps, readableIncident } from './deps';
import {
  alertShape,
  analysisShape,
  idShape,
  incidentShape,
  proposalSummaryShape,
  READ_ONLY,
} from './schemas';
import { shieldIncident, summarizeProposal, withShield } from './shield';

const SEVERITIES = [
  'critical',
  'high',
  'warning',
  'info',
] as const satisfies readonly Severity[];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Refs (lower case) of what an owner (group or user) owns that the caller can see. */
async function ownedRefs(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  owner: string,
): Promise<Set<string>> {
  let ownerRef: string;
  try {
    ownerRef = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `'${owner}' is not an entity ref (e.g. group:default/checkout-team)`,
    );
  }
  const { items } = await deps.catalog.getEntities(
    {
      filter: { 'relations.ownedBy': ownerRef },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  return new Set(items.map(e => lower(stringifyEntityRef(e))));
}

/** Open incidents the caller can see, newest first, filtered as asked. */
async function listOpenIncidents(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  input: {
    entityRef?: string;
    owner?: string;
    severity?: Severity[];
    limit: number;
  },
) {
  await deps.access.assertAllowed(credentials, awoooiIncidentReadPermission);
  if (input.entityRef)
    await deps.access.assertCanReadEntity(credentials, input.entityRef);
  const owned = input.owner
    ? await ownedRefs(deps, credentials, input.owner)
    : undefined;
  const open = await deps.incidents.listIncidents({
    entityRefs: input.entityRef ? [input.entityRef] : undefined,
    state: 'open',
    limit: 500,
  });
  const readable = await deps.access.readableOnly(credentials, open);
  return readable
    .filter(i => !owned || owned.has(lower(i.entityRef)))
    .filter(i => !input.severity || input.severity.includes(i.severity))
    .slice(0, input.limit);
}

export function registerListOpenIncidents(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'list-open-incidents',
    title: 'List open incidents',
    description:
      'Lists open AWOOOI incidents you can see in the catalog, newest first: the alerting entity, severity, ' +
      'analysis state and burn rate. Filter by entity ref, by owner (a group or user ref: the incidents of ' +
      'everything it owns) and by severity. Text is Privacy-Shield output ([IP_1], [EMAIL_1], … stand for hidden values).',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .optional()
            .describe('e.g. component:default/frontend'),
          owner: z
            .string()
            .min(1)
            .optional()
            .describe('e.g. group:default/checkout-team'),
          severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      output: z => z.object({ incidents: z.array(incidentShape(z)) }),
    },
    action: async ({ input, credentials }) => {
      const found = await listOpenIncidents(deps, credentials, input);
      const incidents = await Promise.all(
        found.map(i => withShield(deps.vault, i.id, s => shieldIncident(s, i))),
      );
      return { output: { incidents } };
    },
  });
}

export function registerGetIncident(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'get-incident',
    title: 'Get an incident with its analysis',
    description:
      'One incident: its alerts, the analysis (narrative, ranked root causes with the catalog path from the ' +
      'alerting entity to each, blast radius, burn rate) and the remediation proposals made for it. ' +
      'Privacy-Shield output only.',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ incidentId: idShape(z) }),
      output: z =>
        z.object({
          incident: incidentShape(z),
          alerts: z.array(alertShape(z)),
          analysis: analysisShape(z).nullable(),
          proposals: z.array(proposalSummaryShape(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = await readableIncident(
        deps,
        credentials,
        input.incidentId,
      );
      const alerts = await redactAlerts(
        deps.vault,
        incident.id,
        await deps.incidents.listAlerts(incident.id),
      );
      const analysis = await deps.analyses.getAnalysis(incident.id);
      const proposals = await deps.proposalStore.list({
        incidentId: incident.id,
      });
      const output = await withShield(deps.vault, incident.id, s => ({
        incident: shieldIncident(s, incident),
        alerts,
        analysis,
        proposals: proposals.map(p => summarizeProposal(s, p)),
      }));
      return { output };
    },
  });
}
