import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';

type ActionOptions = Parameters<ActionsRegistryService['register']>[0];

/**
 * The zod (v3) instance the Actions Registry hands to schema callbacks, typed
 * from the registry itself: backend-plugin-api carries its own copy of zod.
 */
export type Zod = Parameters<ActionOptions['schema']['input']>[0];

/**
 * An object schema built with that zod. Shared shapes are typed this loosely
 * on purpose: their inferred types name a zod copy other packages cannot
 * import. The registry still validates every output against the full shape.
 */
export type ObjectSchema = ReturnType<ActionOptions['schema']['output']>;
type Shape = (z: Zod) => ObjectSchema;

/** What every action that only reads declares of itself. */
export const READ_ONLY = {
  readOnly: true,
  idempotent: true,
  destructive: false,
} as const;

/** An incident or proposal id as an action's input takes it. */
export const idShape = (z: Zod): ReturnType<Zod['string']> =>
  z.string().min(1).max(100);

// Output shapes of the AWOOOI actions. Objects strip unknown keys, so what
// an assistant receives is exactly what these name.

export const incidentShape: Shape = z =>
  z.object({
    id: z.string(),
    entityRef: z.string(),
    groupKey: z.string(),
    title: z.string(),
    severity: z.string(),
    state: z.string(),
    analysisState: z.string(),
    firingAlerts: z.number(),
    totalAlerts: z.number(),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    costPerHour: z.number().nullable(),
    // Every entity of the correlated incident, with its hops to the root cause.
    entities: z
      .array(
        z.object({
          entityRef: z.string(),
          hopsToRootCause: z.number().nullable(),
        }),
      )
      .optional(),
    mergedInto: z.string().nullable().optional(),
  });

export const alertShape: Shape = z =>
  z.object({
    title: z.string(),
    status: z.string(),
    severity: z.string(),
    entityRef: z.string().nullable(),
    labels: z.record(z.string()),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
  });

const pathShape = (z: Zod) =>
  z.array(z.string()).describe('Entity refs from the alerting entity on');

export const analysisShape: Shape = z =>
  z.object({
    brain: z.string(),
    narrative: z.string(),
    rootCauses: z.array(
      z.object({
        entityRef: z.string(),
        rank: z.number(),
        priority: z.string(),
        distance: z.number(),
        symptom: z.boolean(),
        path: pathShape(z),
        evidence: z.array(z.string()),
      }),
    ),
    blastRadius: z.array(
      z.object({
        entityRef: z.string(),
        distance: z.number(),
        path: pathShape(z),
      }),
    ),
    costPerHour: z.number().nullable(),
    currency: z.string(),
    remediations: z.array(
      z.object({
        action: z.string(),
        target: z.string(),
        entityRef: z.string(),
        risk: z.string(),
        title: z.string(),
        rationale: z.string(),
      }),
    ),
    notes: z.array(z.string()),
    createdAt: z.string(),
  });

const requirementShape = (z: Zod) =>
  z.object({
    count: z.number(),
    roles: z.array(z.string()),
    mandatoryRoles: z.array(z.string()),
  });

/** A proposal in a list: enough to decide whether to open it. */
export const proposalSummaryShape: Shape = z =>
  z.object({
    id: z.string(),
    incidentId: z.string().nullable(),
    title: z.string(),
    action: z.string(),
    target: z.string(),
    entityRef: z.string(),
    risk: z.string(),
    state: z.string(),
    required: requirementShape(z),
    approvals: z.number(),
    dryRunOk: z.boolean().nullable(),
    proposedBy: z.string(),
    expiresAt: z.string(),
  });

const dryRunShape = (z: Zod) =>
  z.object({
    at: z.string(),
    ok: z.boolean(),
    checks: z.array(
      z.object({ name: z.string(), outcome: z.string(), detail: z.string() }),
    ),
    fingerprint: z.string(),
  });

/** A proposal in full: params (Privacy-Shield labels), dry-runs, signatures, result. */
export const proposalShape: Shape = z =>
  z.object({
    id: z.string(),
    incidentId: z.string().nullable(),
    source: z.string(),
    title: z.string(),
    action: z.string(),
    executor: z.string(),
    target: z.string(),
    entityRef: z.string(),
    params: z.record(z.unknown()),
    baseRisk: z.string(),
    risk: z.string(),
    pattern: z.string(),
    trustScore: z.number(),
    required: requirementShape(z),
    state: z.string(),
    reason: z.string().nullable(),
    proposedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    dryRun: dryRunShape(z).nullable(),
    preExecutionDryRun: dryRunShape(z).nullable(),
    signatures: z.array(
      z.object({
        userRef: z.string(),
        role: z.string(),
        decision: z.string(),
        comment: z.string(),
        at: z.string(),
      }),
    ),
    result: z
      .object({ ok: z.boolean(), detail: z.string(), at: z.string() })
      .nullable(),
  });

export const timelineEntryShape: Shape = z =>
  z.object({
    at: z.string(),
    opType: z.string(),
    actor: z.string(),
    entityRef: z.string().nullable(),
    proposalId: z.string().nullable(),
    details: z.record(z.unknown()),
  });
