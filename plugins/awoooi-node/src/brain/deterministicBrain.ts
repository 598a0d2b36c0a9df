import {
  globMatch,
  maxRiskLevel,
  type BlastRadiusEntry,
  type Remediation,
  type RiskLevel,
  type RootCause,
} from '@awoooi/plugin-awoooi-common';
import type { Runbook } from '../extensions/brains';

/** Used when `awoooi.runbooks` is not configured. */
export const DEFAULT_RUNBOOKS: Runbook[] = [
  {
    match: '*',
    appliesTo: 'database',
    action: 'rollout_restart',
    title: 'Restart the database workload, one pod at a time',
    risk: 'HIGH',
  },
  {
    match: '*',
    appliesTo: 'cache',
    action: 'rollout_restart',
    title: 'Restart the cache workload',
  },
  {
    match: '*',
    appliesTo: 'queue',
    action: 'rollout_restart',
    title: 'Restart the queue workload',
  },
  {
    match: '*',
    appliesTo: '*',
    action: 'rollout_restart',
    title: 'Restart the workload',
  },
];

export interface DeterministicInput {
  incident: {
    id: string;
    entityRef: string;
    groupKey: string;
    severity: string;
  };
  rootCauses: RootCause[];
  blastRadius: BlastRadiusEntry[];
  costPerHour: number | null;
  currency: string;
  maxDepth: number;
  entitiesWalked: number;
  runbooks: Runbook[];
  /** Base risk of an action any executor offers; undefined when none does. */
  actionRisk(action: string): RiskLevel | undefined;
  /** Executor target of an action on an entity; undefined when it can't act on it. */
  targetFor(action: string, entityRef: string): string | undefined;
}

function name(ref: string) {
  return ref.slice(ref.indexOf('/') + 1);
}

function money(value: number, currency: string) {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(value);
}

/** One line per probable cause: itself at distance 0, else the path to it. */
function causeLine(c: RootCause): string {
  const via = c.path.map(name).join(' → ');
  return c.distance === 0
    ? `Probable root cause: ${name(c.entityRef)} itself (${
        c.priority
      }); no dependency is unhealthy. Evidence: ${
        c.evidence.join('; ') || 'none'
      }.`
    : `Probable root cause #${c.rank}: ${name(c.entityRef)} (${c.priority}), ${
        c.distance
      } hop${c.distance === 1 ? '' : 's'} away via ${via}. Evidence: ${
        c.evidence.join('; ') || 'none'
      }.`;
}

/** The story of the analysis: what fires, what was walked, causes, symptoms, blast radius, cost. */
function narrativeLines(input: DeterministicInput, causes: RootCause[]) {
  const { incident, rootCauses, blastRadius } = input;
  const lines: string[] = [];
  lines.push(
    `${name(incident.entityRef)} (${incident.entityRef}) fires ${
      incident.groupKey
    } (${incident.severity}).`,
  );
  lines.push(
    `Walked ${input.entitiesWalked} catalog entities within ${input.maxDepth} hops: ` +
      `${rootCauses.length} unhealthy ${
        rootCauses.length === 1 ? 'entity' : 'entities'
      } found.`,
  );
  for (const c of causes) lines.push(causeLine(c));
  for (const c of rootCauses.filter(r => r.symptom)) {
    lines.push(
      `${name(
        c.entityRef,
      )} is unhealthy too, but something below it explains its trouble (a symptom).`,
    );
  }
  if (rootCauses.length === 0) {
    lines.push(
      'No unhealthy dependency and no unhealthy target: the cause is outside the catalog graph.',
    );
  }
  lines.push(
    blastRadius.length
      ? `Blast radius: ${blastRadius.length} upstream ${
          blastRadius.length === 1 ? 'entity' : 'entities'
        } (${blastRadius.map(b => name(b.entityRef)).join(', ')}).`
      : 'Blast radius: nothing upstream depends on it.',
  );
  if (input.costPerHour !== null) {
    lines.push(
      `Burning ${money(input.costPerHour, input.currency)}/h while this lasts.`,
    );
  }
  return lines;
}

/**
 * The first runbook for the cause: its alert pattern matches the incident,
 * it applies to the cause's kind, and an executor can act on the cause.
 */
function runbookFor(
  input: DeterministicInput,
  cause: RootCause,
): Runbook | undefined {
  return input.runbooks.find(
    r =>
      // Runbook matches are case-insensitive: alert names vary in case across teams.
      globMatch(r.match.toLowerCase(), input.incident.groupKey.toLowerCase()) &&
      (r.appliesTo === undefined ||
        r.appliesTo === '*' ||
        r.appliesTo === cause.priority) &&
      input.actionRisk(r.action) !== undefined &&
      input.targetFor(r.action, cause.entityRef) !== undefined,
  );
}

/** A remediation per top-three probable cause that a runbook covers. */
function remediationsFor(
  input: DeterministicInput,
  causes: RootCause[],
): Remediation[] {
  const remediations: Remediation[] = [];
  for (const cause of causes.slice(0, 3)) {
    const runbook = runbookFor(input, cause);
    if (!runbook) continue;
    const base = input.actionRisk(runbook.action)!;
    remediations.push({
      action: runbook.action,
      target: input.targetFor(runbook.action, cause.entityRef)!,
      entityRef: cause.entityRef,
      params: { ...(runbook.params ?? {}) },
      risk: runbook.risk ? maxRiskLevel(base, runbook.risk) : base,
      title: `${runbook.title}: ${name(cause.entityRef)}`,
      rationale: `${name(cause.entityRef)} is the ${
        cause.rank === 1 ? 'top-ranked' : `#${cause.rank}`
      } probable root cause (${cause.priority}).`,
    });
  }
  return remediations;
}

/**
 * The always-available brain: a narrative and remediations from the
 * topology analysis and the runbook catalog. No model, no network.
 */
export function deterministicAnalysis(input: DeterministicInput): {
  narrative: string;
  remediations: Remediation[];
} {
  const causes = input.rootCauses.filter(c => !c.symptom);
  const lines = narrativeLines(input, causes);
  const remediations = remediationsFor(input, causes);
  if (remediations.length) {
    lines.push(
      `Proposed: ${remediations
        .map(r => `${r.action} on ${r.target} (${r.risk})`)
        .join('; ')}.`,
    );
  }
  return { narrative: lines.join('\n'), remediations };
}
