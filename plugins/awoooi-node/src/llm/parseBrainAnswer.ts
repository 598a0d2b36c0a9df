import { describeZodError } from '../validation/describeZodError';
import { z } from 'zod';
import {
  maxRiskLevel,
  RISK_LEVELS,
  type Remediation,
  type RiskLevel,
} from '@awoooi/plugin-awoooi-common';
import type { BrainInput, BrainOutput } from '../extensions/brains';
import { extractJsonObject } from './extractJson';

/** Most remediations a model may propose in one answer. */
const MAX_REMEDIATIONS = 20;

export type BrainAnswerResult =
  | { ok: true; output: BrainOutput }
  | { ok: false; error: string };

const answerSchema = z.object({
  narrative: z.string().trim().min(1).max(20_000),
  remediations: z
    .array(z.unknown())
    .max(MAX_REMEDIATIONS)
    .nullish()
    .transform(list => list ?? []),
});

const riskSchema = z.preprocess(
  value => (typeof value === 'string' ? value.trim().toUpperCase() : value),
  z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
);

const remediationSchema = z.object({
  action: z.string().trim().min(1).max(200),
  target: z.string().trim().min(1).max(500),
  entityRef: z.string().trim().min(1).max(500),
  params: z
    .record(z.unknown())
    .nullish()
    .transform(params => params ?? {}),
  risk: riskSchema.nullish(),
  title: z.string().trim().max(300).nullish(),
  rationale: z
    .string()
    .trim()
    .max(4_000)
    .nullish()
    .transform(text => text ?? ''),
});

/** A risk level from loose text; unknown text counts as CRITICAL, the safe side. */
export function parseRiskLevel(value: string): RiskLevel {
  const upper = value.trim().toUpperCase();
  return (RISK_LEVELS as readonly string[]).includes(upper)
    ? (upper as RiskLevel)
    : 'CRITICAL';
}

/** Entity refs a remediation may name, keyed by their lower-case form. */
function knownEntityRefs(input: BrainInput): Map<string, string> {
  const refs = new Map<string, string>();
  const add = (ref: string) => refs.set(ref.toLocaleLowerCase('en-US'), ref);
  add(input.incident.entityRef);
  input.rootCauses.forEach(cause => add(cause.entityRef));
  input.blastRadius.forEach(entry => add(entry.entityRef));
  return refs;
}

/** Targets each entity's executors act on, keyed by the entity ref; undefined when the input gives none. */
function knownTargets(input: BrainInput): Map<string, Set<string>> | undefined {
  if (!input.targets) return undefined;
  return new Map(input.targets.map(t => [t.entityRef, new Set(t.targets)]));
}

/** What a model's remediation is checked against. */
interface Known {
  actions: Map<string, BrainInput['availableActions'][number]>;
  entities: Map<string, string>;
  targets?: Map<string, Set<string>>;
}

/**
 * One remediation of the answer, checked: its action must be available, its
 * entity part of the incident, its target one of that entity's (when the
 * input lists them). Returns the remediation, or why it is dropped.
 */
function vetRemediation(
  raw: unknown,
  index: number,
  { actions, entities, targets }: Known,
): Remediation | { dropped: string } {
  const parsed = remediationSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      dropped: `dropped remediation ${index + 1}: ${describeZodError(
        parsed.error,
        { root: '', max: 3 },
      )}`,
    };
  }
  const proposal = parsed.data;
  const action = actions.get(proposal.action);
  if (!action) {
    return {
      dropped: `dropped remediation '${proposal.action}': action not available`,
    };
  }
  const entityRef = entities.get(proposal.entityRef.toLocaleLowerCase('en-US'));
  if (!entityRef) {
    return {
      dropped: `dropped remediation '${proposal.action}': entity '${proposal.entityRef}' is not part of the incident`,
    };
  }
  if (targets && !targets.get(entityRef)?.has(proposal.target)) {
    return {
      dropped: `dropped remediation '${proposal.action}': target '${proposal.target}' is not a workload of ${entityRef}`,
    };
  }
  const baseRisk = parseRiskLevel(action.risk);
  return {
    action: action.name,
    target: proposal.target,
    entityRef,
    params: proposal.params,
    risk: maxRiskLevel(proposal.risk ?? baseRisk, baseRisk),
    title: proposal.title || `${action.name} ${proposal.target}`,
    rationale: proposal.rationale,
  };
}

/** The answer's remediations that pass the checks, once each, and notes on the others. */
function trustedRemediations(raws: unknown[], input: BrainInput) {
  const known: Known = {
    actions: new Map(
      input.availableActions.map(action => [action.name, action]),
    ),
    entities: knownEntityRefs(input),
    targets: knownTargets(input),
  };
  const notes: string[] = [];
  const remediations: Remediation[] = [];
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const vetted = vetRemediation(raw, index, known);
    if ('dropped' in vetted) {
      notes.push(vetted.dropped);
      return;
    }
    const key = `${vetted.action}\u0000${vetted.target}\u0000${vetted.entityRef}`;
    if (seen.has(key)) return;
    seen.add(key);
    remediations.push(vetted);
  });
  return { remediations, notes };
}

/**
 * Reads a model's answer and keeps only what may be trusted: the narrative and
 * the remediations whose action is available, whose entity belongs to the
 * incident and whose target is one of that entity's (when the input lists
 * targets). A model may raise an action's risk but never lower it. When no
 * remediation survives, the deterministic ones are kept. `output.notes` lists
 * what was dropped and why.
 */
export function parseBrainAnswer(
  text: string,
  input: BrainInput,
): BrainAnswerResult {
  const json = extractJsonObject(text);
  if (!json) {
    return { ok: false, error: 'no JSON object in the answer' };
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success) {
    return {
      ok: false,
      error: describeZodError(answer.error, { root: '', max: 3 }),
    };
  }

  const { remediations, notes } = trustedRemediations(
    answer.data.remediations,
    input,
  );
  if (remediations.length === 0 && input.baseline.remediations.length > 0) {
    notes.push(
      answer.data.remediations.length === 0
        ? 'model proposed no remediation; deterministic remediations kept'
        : 'no model remediation was usable; deterministic remediations kept',
    );
  }

  return {
    ok: true,
    output: {
      narrative: answer.data.narrative,
      remediations:
        remediations.length > 0 ? remediations : input.baseline.remediations,
      notes,
    },
  };
}
