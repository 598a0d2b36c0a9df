import type {
  RiskLevel,
  BlastRadiusEntry,
  Remediation,
  RootCause,
  Severity,
} from '@awoooi/plugin-awoooi-common';

/** A remediation the runbook catalog offers for a kind of trouble. */
export interface Runbook {
  /** Raises (never lowers) the action's base risk. */
  risk?: RiskLevel;
  /** Matches the alert group (alertname/title) as a case-insensitive glob, e.g. `*HighErrorRate*`. */
  match: string;
  /** Matches the root cause's priority class (`database`, `cache`, …) or `*`. */
  appliesTo?: string;
  action: string;
  title: string;
  params?: Record<string, unknown>;
}

/**
 * What a brain sees. Every text field here is Privacy-Shield output:
 * a brain never receives a raw alert.
 */
export interface BrainInput {
  incident: {
    id: string;
    entityRef: string;
    title: string;
    severity: Severity;
  };
  alerts: Array<{
    title: string;
    status: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }>;
  rootCauses: RootCause[];
  blastRadius: BlastRadiusEntry[];
  costPerHour: number | null;
  /** Actions the configured executors can run, with their base risk. */
  availableActions: Array<{ name: string; description: string; risk: string }>;
  /**
   * What the executors act on for each entity of the incident (the alerting
   * one, its root causes and blast radius), e.g. `deployment/shop/frontend`
   * or `mcp:ops`. When given, a remediation must target one of its entity's:
   * text in an alert must not steer an action onto another workload.
   */
  targets?: Array<{ entityRef: string; targets: string[] }>;
  /** The deterministic brain's answer; LLM brains may refine it. */
  baseline: BrainOutput;
}

/** What a brain answers. Validated before use; invalid answers fall back to the baseline. */
export interface BrainOutput {
  narrative: string;
  remediations: Remediation[];
  notes?: string[];
}

export interface BrainContext {
  /** Streams model tokens to the thinking terminal as they arrive. */
  onToken(text: string): void;
  signal?: AbortSignal;
}

/** A source of analysis narrative and remediations: deterministic or a language model. */
export interface AwoooiBrain {
  /** Name used in `awoooi.brain.provider`, e.g. `ollama`. */
  readonly id: string;
  analyze(input: BrainInput, context: BrainContext): Promise<BrainOutput>;
}
