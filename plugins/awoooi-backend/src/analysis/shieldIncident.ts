import type { Incident } from '@awoooi/plugin-awoooi-common';
import type {
  AwoooiHealthProvider,
  BrainInput,
  PrivacyScope,
} from '@awoooi/plugin-awoooi-node';
import type { AlertEntityIndex } from '@awoooi/plugin-awoooi-node';
import type { RawAlert } from '../domain';
import type { PrivacyVault } from '../privacy/PrivacyVault';

/** Raw health evidence, keyed by entity ref, before the shield. */
type RawHealth = Map<string, string[]>;

/** What an analysis may use of an incident: all of it Privacy-Shield output. */
export interface ShieldedIncident {
  groupKey: string;
  title: string;
  alerts: BrainInput['alerts'];
  /** Evidence per entity ref: firing alerts and every health source. */
  health: Map<string, string[]>;
  /** Health sources that could not answer, with their (redacted) reason. */
  unavailable: string[];
  /** Values this analysis labelled for the first time. */
  redactions: number;
}

/**
 * Asks every health source for unhealthy entities. Their lines are raw
 * (node_exporter instances are `IP:port`, pod names, messages): they go
 * through the shield with the alerts before anything uses them. With
 * `within`, only those entities' lines are kept.
 */
export async function collectHealth(
  providers: AwoooiHealthProvider[],
  index: AlertEntityIndex,
  health: RawHealth,
  within?: ReadonlySet<string>,
): Promise<string[]> {
  const unavailable: string[] = [];
  for (const provider of providers) {
    try {
      const report = await provider.unhealthyEntities();
      for (const [key, lines] of report) {
        for (const ref of index.resolveHealthKey(key)) {
          if (within && !within.has(ref)) continue;
          health.set(ref, [...(health.get(ref) ?? []), ...lines]);
        }
      }
    } catch (error) {
      unavailable.push(
        `Health source ${provider.id} unavailable: ${(error as Error).message}`,
      );
    }
  }
  return unavailable;
}

function redactHealth(scope: PrivacyScope, health: RawHealth): RawHealth {
  const out: RawHealth = new Map();
  for (const [ref, lines] of health) {
    out.set(
      ref,
      lines.map(l => scope.redact(l).text),
    );
  }
  return out;
}

/** Incidents opened before alert groups were stored redacted hold raw text. */
export function redactGroupKey(scope: PrivacyScope, incident: Incident) {
  return scope.redact(incident.groupKey).text;
}

/**
 * Runs the incident's alerts, alert group and health evidence through its
 * Privacy-Shield scope in one go, so labels are consistent across them.
 */
export async function shieldIncident(
  vault: PrivacyVault,
  incident: Incident,
  raw: { alerts: RawAlert[]; health: RawHealth; unavailable: string[] },
): Promise<ShieldedIncident> {
  return vault.withScope(incident.id, scope => {
    const before = scope.size;
    // First, as in the transcript's first line (same labels without a key).
    const groupKey = redactGroupKey(scope, incident);
    const alerts = raw.alerts.map(a => ({
      title: scope.redact(a.title).text,
      status: a.status,
      labels: scope.redactObject(a.labels),
      annotations: scope.redactObject(a.annotations),
    }));
    return {
      groupKey,
      title: alerts[0]?.title ?? groupKey,
      alerts,
      health: redactHealth(scope, raw.health),
      unavailable: raw.unavailable.map(l => scope.redact(l).text),
      redactions: scope.size - before,
    };
  });
}
