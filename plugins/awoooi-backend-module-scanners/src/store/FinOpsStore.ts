import type {
  FinOpsRecommendation,
  FinOpsReport,
} from '@awoooi/plugin-awoooi-common';
import { annualSavings, roundMoney } from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import {
  chunks,
  insertMany,
  parseJson,
  toBool,
  toIso,
} from '@awoooi/plugin-awoooi-node';
import type { FinOpsRecommendationRow, FinOpsReportRow } from './rows';

export type ReportScope = 'cluster' | 'entity';

function toRecommendation(r: FinOpsRecommendationRow): FinOpsRecommendation {
  return {
    id: r.id,
    kind: r.kind,
    resource: r.resource,
    cluster: r.cluster,
    entityRef: r.entity_ref ?? null,
    monthlyCost: Number(r.monthly_cost),
    realizable: toBool(r.realizable),
    risk: r.risk,
    action: r.action,
    params: parseJson<Record<string, unknown> | null>(r.params, null),
    detail: r.detail,
    proposalId: r.proposal_id ?? null,
  };
}

/** Totals of a set of recommendations, as the engine adds them (rounded amounts). */
export function totals(recommendations: FinOpsRecommendation[]) {
  const sum = (pick: (r: FinOpsRecommendation) => boolean) =>
    roundMoney(
      recommendations.filter(pick).reduce((s, r) => s + r.monthlyCost, 0),
    );
  const realizable = sum(r => r.realizable);
  return {
    monthlyWaste: sum(() => true),
    realizable,
    freed: sum(r => !r.realizable),
    annual: annualSavings(realizable),
  };
}

const byCost = (a: FinOpsRecommendation, b: FinOpsRecommendation) =>
  b.monthlyCost - a.monthlyCost || (a.id < b.id ? -1 : 1);

/**
 * Writes a cluster's findings: a known one (by id) is refreshed and open
 * again, a new one inserted. Returns those that were not open before.
 */
async function upsertFindings(
  tx: Knex.Transaction,
  runId: number,
  at: string,
  report: FinOpsReport,
  open: Array<{ id: string }>,
): Promise<FinOpsRecommendation[]> {
  const cluster = report.scope;
  const existing = new Set(
    (
      await tx<FinOpsRecommendationRow>('finops_recommendation')
        .whereIn(
          'id',
          report.recommendations.map(r => r.id),
        )
        .select('id')
    ).map(r => r.id),
  );
  const opened: FinOpsRecommendation[] = [];
  for (const r of report.recommendations) {
    const values = {
      cluster,
      kind: r.kind,
      resource: r.resource,
      entity_ref: r.entityRef,
      monthly_cost: r.monthlyCost,
      realizable: r.realizable,
      risk: r.risk,
      action: r.action,
      params: JSON.stringify(r.params ?? {}),
      detail: r.detail,
      last_seen_at: at,
      last_run_id: runId,
    };
    if (existing.has(r.id)) {
      await tx<FinOpsRecommendationRow>('finops_recommendation')
        .where({ id: r.id })
        .update({ ...values, status: 'open', resolved_at: null });
    } else {
      await tx<FinOpsRecommendationRow>('finops_recommendation').insert({
        id: r.id,
        ...values,
        proposal_id: null,
        status: 'open',
        first_seen_at: at,
        resolved_at: null,
      });
    }
    if (!open.some(o => o.id === r.id)) opened.push(r);
  }
  return opened;
}

/**
 * `finops_recommendation` (one row per finding, kept across scans so a
 * proposal stays linked) and `finops_report` (totals per cluster and per
 * entity, per run: the history).
 */
export class FinOpsStore {
  static create(db: Knex): FinOpsStore {
    return new FinOpsStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Stores one cluster's findings: new ones open, known ones refresh, missing ones resolve. */
  async applyCluster(runId: number, at: string, report: FinOpsReport) {
    return this.db.transaction(async tx => {
      const cluster = report.scope;
      const open = await tx<FinOpsRecommendationRow>('finops_recommendation')
        .where({ cluster, status: 'open' })
        .select('id');
      const opened = await upsertFindings(tx, runId, at, report, open);
      const current = new Set(report.recommendations.map(r => r.id));
      const resolved = open.map(o => o.id).filter(id => !current.has(id));
      for (const ids of chunks(resolved)) {
        await tx<FinOpsRecommendationRow>('finops_recommendation')
          .whereIn('id', ids)
          .update({ status: 'resolved', resolved_at: at, last_run_id: runId });
      }
      await tx<FinOpsReportRow>('finops_report').insert({
        run_id: runId,
        scope_type: 'cluster',
        scope: cluster,
        currency: report.currency,
        monthly_waste: report.monthlyWaste,
        realizable: report.realizable,
        freed: report.freed,
        annual: report.annual,
        recommendation_ids: JSON.stringify(
          report.recommendations.map(r => r.id),
        ),
        generated_at: at,
      });
      return { opened, resolved };
    });
  }

  /** Per-entity reports from the open findings of every cluster. */
  async writeEntityReports(
    runId: number,
    at: string,
    currency: string,
    entityRefs: Iterable<string>,
  ) {
    const refs = new Set(entityRefs);
    const open = (
      await this.db<FinOpsRecommendationRow>('finops_recommendation')
        .where({ status: 'open' })
        .whereNotNull('entity_ref')
    ).map(toRecommendation);
    for (const r of open) refs.add(r.entityRef!);
    const rows = [...refs].sort().map(ref => {
      const mine = open.filter(r => r.entityRef === ref).sort(byCost);
      const t = totals(mine);
      return {
        run_id: runId,
        scope_type: 'entity',
        scope: ref,
        currency,
        monthly_waste: t.monthlyWaste,
        realizable: t.realizable,
        freed: t.freed,
        annual: t.annual,
        recommendation_ids: JSON.stringify(mine.map(r => r.id)),
        generated_at: at,
      };
    });
    await insertMany(this.db, 'finops_report', rows);
    return rows.length;
  }

  /** The latest report of a cluster or entity with its current findings and history. */
  async report(
    scopeType: ReportScope,
    scope: string,
    currency: string,
    historyLimit = 90,
  ): Promise<FinOpsReport> {
    const rows = await this.db<FinOpsReportRow>('finops_report')
      .where({ scope_type: scopeType, scope })
      .orderBy('id', 'desc')
      .limit(historyLimit);
    const latest = rows[0];
    if (!latest) {
      return {
        scope,
        currency,
        monthlyWaste: 0,
        realizable: 0,
        freed: 0,
        annual: 0,
        recommendations: [],
        history: [],
        generatedAt: null,
      };
    }
    const ids: string[] = parseJson(latest.recommendation_ids, []);
    const found = new Map<string, FinOpsRecommendation>();
    for (const part of chunks(ids)) {
      for (const r of await this.db<FinOpsRecommendationRow>(
        'finops_recommendation',
      ).whereIn('id', part))
        found.set(r.id, toRecommendation(r));
    }
    return {
      scope,
      currency: latest.currency,
      monthlyWaste: Number(latest.monthly_waste),
      realizable: Number(latest.realizable),
      freed: Number(latest.freed),
      annual: Number(latest.annual),
      recommendations: ids.map(id => found.get(id)!).filter(Boolean),
      history: rows
        .map(r => ({
          at: toIso(r.generated_at),
          monthlyWaste: Number(r.monthly_waste),
        }))
        .reverse(),
      generatedAt: toIso(latest.generated_at),
    };
  }

  /** The latest totals of every cluster. */
  async clusters() {
    const latest = this.db<FinOpsReportRow>('finops_report')
      .where({ scope_type: 'cluster' })
      .max('id')
      .groupBy('scope');
    const rows = await this.db<FinOpsReportRow>('finops_report')
      .whereIn('id', latest)
      .orderBy('scope');
    return rows.map(r => ({
      cluster: r.scope,
      currency: r.currency,
      monthlyWaste: Number(r.monthly_waste),
      realizable: Number(r.realizable),
      freed: Number(r.freed),
      annual: Number(r.annual),
      recommendations: parseJson<string[]>(r.recommendation_ids, []).length,
      generatedAt: toIso(r.generated_at),
    }));
  }

  async getRecommendation(
    id: string,
  ): Promise<FinOpsRecommendation | undefined> {
    const row = await this.db<FinOpsRecommendationRow>('finops_recommendation')
      .where({ id })
      .first();
    return row ? toRecommendation(row) : undefined;
  }

  /** Links a recommendation to the proposal made from it; the link survives later scans. */
  async markProposed(id: string, proposalId: string): Promise<boolean> {
    return (
      (await this.db<FinOpsRecommendationRow>('finops_recommendation')
        .where({ id })
        .update({ proposal_id: proposalId })) > 0
    );
  }
}
