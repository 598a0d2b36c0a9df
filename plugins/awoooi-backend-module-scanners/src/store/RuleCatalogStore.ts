import type { Knex } from 'knex';
import { parseJson, toIso, toIsoOrNull } from '@awoooi/plugin-awoooi-node';
import type { RuleCatalogRow } from './rows';

/** An alerting rule as the catalog keeps it. */
export interface CatalogRule {
  id: string;
  server: string;
  file: string;
  group: string;
  name: string;
  occurrence: number;
  expression: string;
  forSeconds: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  health: string;
  lastError: string | null;
  lastEvaluation: string | null;
  alertState: string | null;
  contentHash: string;
  status: 'active' | 'retired';
  firstSeenAt: string;
  updatedAt: string;
  lastSyncedAt: string;
  retiredAt: string | null;
}

export type RuleWrite = Omit<
  CatalogRule,
  'status' | 'firstSeenAt' | 'updatedAt' | 'lastSyncedAt' | 'retiredAt'
>;

function toRule(r: RuleCatalogRow): CatalogRule {
  return {
    id: r.id,
    server: r.server,
    file: r.file,
    group: r.group_name,
    name: r.name,
    occurrence: Number(r.occurrence),
    expression: r.expression,
    forSeconds: Number(r.for_seconds),
    labels: parseJson(r.labels, {}),
    annotations: parseJson(r.annotations, {}),
    health: r.health,
    lastError: r.last_error ?? null,
    lastEvaluation: toIsoOrNull(r.last_evaluation),
    alertState: r.alert_state ?? null,
    contentHash: r.content_hash,
    status: r.status,
    firstSeenAt: toIso(r.first_seen_at),
    updatedAt: toIso(r.updated_at),
    lastSyncedAt: toIso(r.last_synced_at),
    retiredAt: toIsoOrNull(r.retired_at),
  };
}

function toRow(rule: RuleWrite, at: string) {
  return {
    server: rule.server,
    file: rule.file,
    group_name: rule.group,
    name: rule.name,
    occurrence: rule.occurrence,
    expression: rule.expression,
    for_seconds: rule.forSeconds,
    labels: JSON.stringify(rule.labels),
    annotations: JSON.stringify(rule.annotations),
    health: rule.health,
    last_error: rule.lastError,
    last_evaluation: rule.lastEvaluation,
    alert_state: rule.alertState,
    content_hash: rule.contentHash,
    last_synced_at: at,
  };
}

/** `alert_rule_catalog`: rules are created, updated and retired, never deleted. */
export class RuleCatalogStore {
  static create(db: Knex): RuleCatalogStore {
    return new RuleCatalogStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async forServer(server: string): Promise<CatalogRule[]> {
    return (
      await this.db<RuleCatalogRow>('alert_rule_catalog').where({ server })
    ).map(toRule);
  }

  /** Applies one server's sync in a transaction. */
  async apply(
    at: string,
    changes: {
      create: RuleWrite[];
      /** Changed content, or a retired rule back again. */
      update: RuleWrite[];
      /** Only health, state or evaluation time changed. */
      refresh: RuleWrite[];
      retire: string[];
    },
  ) {
    await this.db.transaction(async tx => {
      for (const rule of changes.create) {
        await tx<RuleCatalogRow>('alert_rule_catalog').insert({
          id: rule.id,
          ...toRow(rule, at),
          status: 'active',
          first_seen_at: at,
          updated_at: at,
          retired_at: null,
        });
      }
      for (const rule of changes.update) {
        await tx<RuleCatalogRow>('alert_rule_catalog')
          .where({ id: rule.id })
          .update({
            ...toRow(rule, at),
            status: 'active',
            updated_at: at,
            retired_at: null,
          });
      }
      for (const rule of changes.refresh) {
        await tx<RuleCatalogRow>('alert_rule_catalog')
          .where({ id: rule.id })
          .update(toRow(rule, at));
      }
      for (const id of changes.retire) {
        await tx<RuleCatalogRow>('alert_rule_catalog').where({ id }).update({
          status: 'retired',
          retired_at: at,
          updated_at: at,
          last_synced_at: at,
        });
      }
    });
  }

  async list(query: {
    status?: 'active' | 'retired';
    server?: string;
    limit?: number;
    offset?: number;
  }) {
    const q = this.db<RuleCatalogRow>('alert_rule_catalog')
      .orderBy([
        { column: 'server' },
        { column: 'group_name' },
        { column: 'name' },
        { column: 'occurrence' },
      ])
      .limit(query.limit ?? 500)
      .offset(query.offset ?? 0);
    if (query.status) q.where({ status: query.status });
    if (query.server) q.where({ server: query.server });
    return (await q).map(toRule);
  }
}
