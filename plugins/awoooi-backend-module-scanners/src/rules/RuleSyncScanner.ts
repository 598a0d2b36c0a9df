import type { AwoooiMetricsSource, PromRule } from '@awoooi/plugin-awoooi-node';
import type {
  OperationLogInput,
  OperationLogStore,
} from '@awoooi/plugin-awoooi-node';
import { sha256Hex, stableStringify } from '@awoooi/plugin-awoooi-node';
import type {
  CatalogRule,
  RuleCatalogStore,
  RuleWrite,
} from '../store/RuleCatalogStore';
import {
  appendLog,
  describeError,
  SCANNER_ACTOR,
  ScanContext,
  ScanOutcome,
  Scanner,
  sourcesError,
} from '../types';

/**
 * The catalog's view of a server's alerting rules. A rule is known by server,
 * file, group, name and its position among same-named rules of the group,
 * so changing its expression or labels updates it rather than replacing it.
 */
export function catalogRules(server: string, rules: PromRule[]): RuleWrite[] {
  const seen = new Map<string, number>();
  return rules
    .filter(r => r.type === 'alerting')
    .map(r => {
      const key = `${server}\n${r.file}\n${r.group}\n${r.name}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return {
        id: sha256Hex(`${key}\n${occurrence}`).slice(0, 40),
        server,
        file: r.file,
        group: r.group,
        name: r.name,
        occurrence,
        expression: r.query,
        forSeconds: r.duration,
        labels: r.labels,
        annotations: r.annotations,
        health: r.health,
        lastError: r.lastError ?? null,
        lastEvaluation:
          r.lastEvaluation && !r.lastEvaluation.startsWith('0001-')
            ? r.lastEvaluation
            : null,
        alertState: r.state ?? null,
        contentHash: sha256Hex(
          stableStringify({
            expr: r.query,
            for: r.duration,
            labels: r.labels,
            annotations: r.annotations,
          }),
        ),
      };
    });
}

function changedFields(before: CatalogRule, after: RuleWrite): string[] {
  const fields: string[] = [];
  if (before.expression !== after.expression) fields.push('expression');
  if (before.forSeconds !== after.forSeconds) fields.push('for');
  if (stableStringify(before.labels) !== stableStringify(after.labels))
    fields.push('labels');
  if (
    stableStringify(before.annotations) !== stableStringify(after.annotations)
  )
    fields.push('annotations');
  return fields;
}

/**
 * What a server's fresh rules do to the catalog: new ones are created,
 * retired ones restored, changed ones updated, the rest refreshed, and
 * active rules the server no longer has are retired; one log entry each.
 */
export function planRuleSync(
  runId: number,
  server: string,
  fresh: RuleWrite[],
  known: Map<string, CatalogRule>,
) {
  const create: RuleWrite[] = [];
  const update: RuleWrite[] = [];
  const refresh: RuleWrite[] = [];
  const log: OperationLogInput[] = [];
  let restored = 0;
  const entry = (
    opType: string,
    rule: { id: string; name: string; group: string },
    extra = {},
  ) =>
    log.push({
      opType,
      actor: SCANNER_ACTOR('rules'),
      details: {
        runId,
        server,
        ruleId: rule.id,
        rule: rule.name,
        group: rule.group,
        ...extra,
      },
    });
  for (const rule of fresh) {
    const before = known.get(rule.id);
    if (!before) {
      create.push(rule);
      entry('rule_created', rule, { expression: rule.expression });
    } else if (before.status === 'retired') {
      update.push(rule);
      restored++;
      entry('rule_created', rule, {
        expression: rule.expression,
        restored: true,
      });
    } else if (before.contentHash !== rule.contentHash) {
      update.push(rule);
      entry('rule_updated', rule, { changed: changedFields(before, rule) });
    } else {
      refresh.push(rule);
    }
  }
  const freshIds = new Set(fresh.map(r => r.id));
  const retire = [...known.values()].filter(
    r => r.status === 'active' && !freshIds.has(r.id),
  );
  for (const rule of retire) entry('rule_retired', rule);
  return { create, update, refresh, retire, restored, log };
}

/** Every 15 minutes: `/api/v1/rules` of each Prometheus into `alert_rule_catalog`. */
export class RuleSyncScanner implements Scanner {
  readonly id = 'rules' as const;

  constructor(
    private readonly deps: {
      sources: AwoooiMetricsSource[];
      store: RuleCatalogStore;
      operationLog: OperationLogStore;
    },
  ) {}

  async run({ runId, signal, now }: ScanContext): Promise<ScanOutcome> {
    if (this.deps.sources.length === 0) {
      return {
        counts: { servers: 0, rules: 0 },
        notes: [
          'No Prometheus server is configured (awoooi.prometheus.servers): no rule was read',
        ],
      };
    }
    const counts = {
      servers: 0,
      rules: 0,
      created: 0,
      updated: 0,
      restored: 0,
      retired: 0,
      unchanged: 0,
    };
    const errors: string[] = [];
    const at = now.toISOString();
    for (const source of this.deps.sources) {
      signal.throwIfAborted();
      let fresh: RuleWrite[];
      try {
        fresh = catalogRules(source.name, await source.rules());
      } catch (error) {
        // Nothing is retired for a server that did not answer.
        errors.push(describeError(error));
        continue;
      }
      const known = new Map(
        (await this.deps.store.forServer(source.name)).map(r => [r.id, r]),
      );
      const plan = planRuleSync(runId, source.name, fresh, known);
      counts.restored += plan.restored;
      await this.deps.store.apply(at, {
        create: plan.create,
        update: plan.update,
        refresh: plan.refresh,
        retire: plan.retire.map(r => r.id),
      });
      await appendLog(this.deps.operationLog, plan.log);
      counts.servers++;
      counts.rules += fresh.length;
      counts.created += plan.create.length;
      counts.updated += plan.update.filter(
        r => known.get(r.id)?.status === 'active',
      ).length;
      counts.retired += plan.retire.length;
      counts.unchanged += plan.refresh.length;
    }
    return { counts, error: sourcesError(errors) };
  }
}
