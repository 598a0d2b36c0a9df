import type { OperationLogEntry } from '@awoooi/plugin-awoooi-common';
import { insertMany } from './insertMany';
import { Db, nowIso, parseJson, toIso } from './util';

/** A row of `automation_operation_log`, as its migration defines it. */
interface OperationLogRow {
  /** A big integer: pg reads it back as a string. */
  id: number | string;
  op_type: string;
  actor: string;
  entity_ref: string | null;
  incident_id: string | null;
  proposal_id: string | null;
  /** JSON object of details. */
  details: string;
  /** Written as an ISO string, read back as Date (pg) or string (SQLite). */
  at: string | Date;
}

export interface OperationLogInput {
  opType: string;
  actor: string;
  entityRef?: string | null;
  incidentId?: string | null;
  proposalId?: string | null;
  /** Must already be Privacy-Shield output. */
  details?: Record<string, unknown>;
}

/** The append-only `automation_operation_log`: there is no update or delete. */
export class OperationLogStore {
  static create(db: Db): OperationLogStore {
    return new OperationLogStore(db);
  }

  private constructor(private readonly db: Db) {}

  async append(
    entries: OperationLogInput | OperationLogInput[],
    db: Db = this.db,
  ) {
    const rows = (Array.isArray(entries) ? entries : [entries]).map(
      (e): Omit<OperationLogRow, 'id'> => ({
        op_type: e.opType,
        actor: e.actor,
        entity_ref: e.entityRef ?? null,
        incident_id: e.incidentId ?? null,
        proposal_id: e.proposalId ?? null,
        details: JSON.stringify(e.details ?? {}),
        at: nowIso(),
      }),
    );
    await insertMany(db, 'automation_operation_log', rows);
  }

  async list(query: {
    opType?: string;
    entityRef?: string;
    incidentId?: string;
    proposalId?: string;
    limit?: number;
  }): Promise<OperationLogEntry[]> {
    const q = this.db<OperationLogRow>('automation_operation_log')
      .orderBy('id', 'desc')
      .limit(Math.min(query.limit ?? 200, 1000));
    if (query.opType) q.where('op_type', query.opType);
    if (query.entityRef) q.where('entity_ref', query.entityRef);
    if (query.incidentId) q.where('incident_id', query.incidentId);
    if (query.proposalId) q.where('proposal_id', query.proposalId);
    const rows = await q;
    return rows.map(r => ({
      id: Number(r.id),
      opType: r.op_type,
      actor: r.actor,
      entityRef: r.entity_ref,
      incidentId: r.incident_id,
      proposalId: r.proposal_id,
      details: parseJson(r.details, {}),
      at: toIso(r.at),
    }));
  }
}
