import type {
  IncidentAnalysis,
  TranscriptKind,
  TranscriptLine,
} from '@internal/plugin-awoooi-common';
import { Db, nowIso, parseJson, toIso } from './util';

/** Stored analyses and the live-reasoning transcript (all Privacy-Shield output). */
export class AnalysisStore {
  constructor(private readonly db: Db) {}

  async saveAnalysis(analysis: IncidentAnalysis, db: Db = this.db) {
    const row = {
      incident_id: analysis.incidentId,
      brain: analysis.brain,
      narrative: analysis.narrative,
      root_causes: JSON.stringify(analysis.rootCauses),
      blast_radius: JSON.stringify(analysis.blastRadius),
      cost_per_hour: analysis.costPerHour,
      currency: analysis.currency,
      entities_walked: analysis.entitiesWalked,
      remediations: JSON.stringify(analysis.remediations),
      notes: JSON.stringify(analysis.notes),
      created_at: analysis.createdAt,
    };
    await db('incident_analyses')
      .insert(row)
      .onConflict('incident_id')
      .merge();
  }

  async getAnalysis(incidentId: string): Promise<IncidentAnalysis | null> {
    const r = await this.db('incident_analyses')
      .where('incident_id', incidentId)
      .first();
    if (!r) return null;
    return {
      incidentId: r.incident_id,
      brain: r.brain,
      narrative: r.narrative,
      rootCauses: parseJson(r.root_causes, []),
      blastRadius: parseJson(r.blast_radius, []),
      costPerHour: r.cost_per_hour === null ? null : Number(r.cost_per_hour),
      currency: r.currency,
      entitiesWalked: Number(r.entities_walked),
      remediations: parseJson(r.remediations, []),
      notes: parseJson(r.notes, []),
      createdAt: toIso(r.created_at),
    };
  }

  /** Appends transcript lines after the incident's last one; returns them numbered. */
  async appendTranscript(
    incidentId: string,
    lines: Array<{ kind: TranscriptKind; text: string }>,
  ): Promise<TranscriptLine[]> {
    if (lines.length === 0) return [];
    return this.db.transaction(async trx => {
      const last = await trx('incident_transcript')
        .where('incident_id', incidentId)
        .max({ seq: 'seq' })
        .first();
      let seq = Number(last?.seq ?? 0);
      const at = nowIso();
      const out = lines.map(l => ({ seq: ++seq, at, kind: l.kind, text: l.text }));
      await trx('incident_transcript').insert(
        out.map(l => ({ incident_id: incidentId, ...l })),
      );
      return out;
    });
  }

  async getTranscript(incidentId: string): Promise<TranscriptLine[]> {
    const rows = await this.db('incident_transcript')
      .where('incident_id', incidentId)
      .orderBy('seq', 'asc');
    return rows.map(r => ({
      seq: Number(r.seq),
      at: toIso(r.at),
      kind: r.kind,
      text: r.text,
    }));
  }
}
