import type { ComplianceDimension } from '@awoooi/plugin-awoooi-common';
import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { nowIso, parseJson, toIso } from '@awoooi/plugin-awoooi-node';
import type { EvidenceRow } from './rows';

export type EvidenceResult = 'pass' | 'warning' | 'fail';

/** A compliance evidence record posted by a pipeline, scanner or reviewer. */
export interface EvidenceRecord {
  id: string;
  entityRef: string;
  dimension: ComplianceDimension;
  result: EvidenceResult;
  summary: string;
  /** What produced it: `trivy`, `backup-restore-test`, `access-review`, … */
  source: string;
  details: Record<string, unknown>;
  observedAt: string;
  createdAt: string;
  /** The Backstage principal that posted it. */
  createdBy: string;
}

export type EvidenceInput = Omit<EvidenceRecord, 'id' | 'createdAt'>;

/** Key of the newest-evidence map: `entityRef|dimension`. */
export const evidenceKey = (
  entityRef: string,
  dimension: ComplianceDimension,
) => `${entityRef}|${dimension}`;

function toRecord(r: EvidenceRow): EvidenceRecord {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    dimension: r.dimension,
    result: r.result,
    summary: r.summary,
    source: r.source,
    details: parseJson(r.details, {}),
    observedAt: toIso(r.observed_at),
    createdAt: toIso(r.created_at),
    createdBy: r.created_by,
  };
}

/** `compliance_evidence`: append-only records, the newest observation counts. */
export class EvidenceStore {
  static create(db: Knex): EvidenceStore {
    return new EvidenceStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async add(input: EvidenceInput): Promise<EvidenceRecord> {
    const record: EvidenceRecord = {
      ...input,
      id: randomUUID(),
      createdAt: nowIso(),
    };
    await this.db<EvidenceRow>('compliance_evidence').insert({
      id: record.id,
      entity_ref: record.entityRef,
      dimension: record.dimension,
      result: record.result,
      summary: record.summary,
      source: record.source,
      details: JSON.stringify(record.details),
      observed_at: record.observedAt,
      created_at: record.createdAt,
      created_by: record.createdBy,
    });
    return record;
  }

  async list(query: {
    entityRef: string;
    dimension?: ComplianceDimension;
    limit?: number;
  }) {
    const q = this.db<EvidenceRow>('compliance_evidence')
      .where({ entity_ref: query.entityRef })
      .orderBy('observed_at', 'desc')
      .limit(query.limit ?? 100);
    if (query.dimension) q.where({ dimension: query.dimension });
    return (await q).map(toRecord);
  }

  /** The newest record per entity and dimension, keyed `entityRef|dimension`. */
  async latestByEntity(): Promise<Map<string, EvidenceRecord>> {
    const newest = this.db<EvidenceRow>('compliance_evidence')
      .select('entity_ref', 'dimension')
      .max({ observed_at: 'observed_at' })
      .groupBy('entity_ref', 'dimension')
      .as('newest');
    const rows = await this.db<EvidenceRow>('compliance_evidence as e')
      .join(newest, function on() {
        this.on('e.entity_ref', '=', 'newest.entity_ref')
          .andOn('e.dimension', '=', 'newest.dimension')
          .andOn('e.observed_at', '=', 'newest.observed_at');
      })
      .select<EvidenceRow[]>('e.*');
    const out = new Map<string, EvidenceRecord>();
    for (const record of rows.map(toRecord))
      out.set(evidenceKey(record.entityRef, record.dimension), record);
    return out;
  }
}
