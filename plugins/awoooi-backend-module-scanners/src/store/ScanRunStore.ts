import type { ScanId, ScanRun } from '@awoooi/plugin-awoooi-common';
import type { Knex } from 'knex';
import {
  isUniqueViolation,
  nowIso,
  parseJson,
  toIso,
  toIsoOrNull,
} from '@awoooi/plugin-awoooi-node';
import type { ScanRunRow } from './rows';

export type ScanTrigger = 'schedule' | 'manual';

/** A run as stored, with how it started and what it has to say. */
export interface ScanRunRecord extends ScanRun {
  trigger: ScanTrigger;
  triggeredBy: string | null;
  scheduledFor: string | null;
  /** Facts about the run that are not errors, e.g. a source that is not configured. */
  notes: string[];
}

function toRun(r: ScanRunRow): ScanRunRecord {
  return {
    id: Number(r.id),
    scanId: r.scan_id,
    status: r.status,
    startedAt: toIso(r.started_at),
    finishedAt: toIsoOrNull(r.finished_at),
    counts: parseJson(r.counts, {}),
    error: r.error ?? null,
    trigger: r.trigger,
    triggeredBy: r.triggered_by ?? null,
    scheduledFor: toIsoOrNull(r.scheduled_for),
    notes: parseJson(r.notes, []),
  };
}

/**
 * `scan_runs`: the database is the only place that knows whether a scanner
 * runs, so every instance agrees. A unique key allows one running run per
 * scanner and one run per scheduled slot.
 */
export class ScanRunStore {
  static create(db: Knex): ScanRunStore {
    return new ScanRunStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Starts a run unless one is running (or, for a slot, already ran);
   * undefined when refused. Runs still marked running but started before
   * `staleBefore` belonged to an instance that died: they are failed first.
   */
  async claim(claim: {
    scanId: ScanId;
    trigger: ScanTrigger;
    triggeredBy?: string;
    scheduledFor?: Date;
    staleBefore: Date;
  }): Promise<ScanRunRecord | undefined> {
    const now = nowIso();
    await this.db<ScanRunRow>('scan_runs')
      .where({ scan_id: claim.scanId, running_key: claim.scanId })
      .where('started_at', '<', claim.staleBefore.toISOString())
      .update({
        status: 'failed',
        running_key: null,
        finished_at: now,
        error:
          'Abandoned: the run did not finish within its timeout (its backend instance stopped or hung)',
      });
    try {
      const [row] = await this.db<ScanRunRow>('scan_runs')
        .insert({
          scan_id: claim.scanId,
          trigger: claim.trigger,
          triggered_by: claim.triggeredBy ?? null,
          scheduled_for: claim.scheduledFor?.toISOString() ?? null,
          running_key: claim.scanId,
          status: 'running',
          started_at: now,
          counts: '{}',
          notes: '[]',
          error: null,
        })
        .returning('id');
      return await this.get(Number(row?.id ?? row));
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async finish(
    id: number,
    result: {
      status: 'succeeded' | 'failed';
      counts: Record<string, number>;
      notes: string[];
      error: string | null;
    },
  ) {
    await this.db<ScanRunRow>('scan_runs')
      .where({ id })
      .update({
        status: result.status,
        running_key: null,
        finished_at: nowIso(),
        counts: JSON.stringify(result.counts),
        notes: JSON.stringify(result.notes),
        error: result.error,
      });
  }

  async get(id: number): Promise<ScanRunRecord | undefined> {
    const row = await this.db<ScanRunRow>('scan_runs').where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  async running(scanId: ScanId): Promise<ScanRunRecord | undefined> {
    const row = await this.db<ScanRunRow>('scan_runs')
      .where({ running_key: scanId })
      .first();
    return row ? toRun(row) : undefined;
  }

  /** The latest slot a scheduled run was made for. */
  async lastScheduledSlot(scanId: ScanId): Promise<Date | undefined> {
    const row = await this.db<ScanRunRow>('scan_runs')
      .where({ scan_id: scanId, trigger: 'schedule' })
      .max({ slot: 'scheduled_for' })
      .first();
    return row?.slot ? new Date(toIso(row.slot)) : undefined;
  }

  async list(scanId: ScanId, limit = 50): Promise<ScanRunRecord[]> {
    const rows = await this.db<ScanRunRow>('scan_runs')
      .where({ scan_id: scanId })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  /** The latest run of each scanner. */
  async latest(): Promise<Map<ScanId, ScanRunRecord>> {
    const ids = this.db<ScanRunRow>('scan_runs').max('id').groupBy('scan_id');
    const rows = await this.db<ScanRunRow>('scan_runs').whereIn('id', ids);
    return new Map(rows.map(r => [r.scan_id, toRun(r)]));
  }
}
