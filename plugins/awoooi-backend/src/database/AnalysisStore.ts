import type {
  IncidentAnalysis,
  TranscriptLine,
} from '@awoooi/plugin-awoooi-common';
import { Db, parseJson, toIso } from '@awoooi/plugin-awoooi-node';
import type { IncidentAnalysisRow, TranscriptRow } from './rows';

/** Stored analyses and the live-reasoning transcript (all Privacy-Shield output). */
export class AnalysisStore {
  static create(db: Db): AnalysisStore {
    return new AnalysisStore(db);
  }

  private constructor(private readonly db: Db) {}

  async saveAnalysis(analysis: IncidentAnalysis, db: Db = this.db) {
    const row: IncidentAnalysisRow = {
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
    await db<IncidentAnalysisRow>('incident_analyses')
      .insert(row)
      .onConflict('incident_id')
      .merge();
  }

  async getAnalysis(incidentId: string): Promise<IncidentAnalysis | null> {
    const r = await this.db<IncidentAnalysisRow>('incident_analyses')
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

  /** The last line number of an incident's transcript (0 when empty). */
  async lastTranscriptSeq(incidentId: string): Promise<number> {
    const last = await this.db<TranscriptRow>('incident_transcript')
      .where('incident_id', incidentId)
      .max({ seq: 'seq' })
      .first();
    return Number(last?.seq ?? 0);
  }

  /**
   * Stores one transcript line. The caller numbers lines (one analysis writes
   * an incident's transcript at a time); the unique (incident, seq) key
   * rejects a second writer instead of interleaving silently.
   */
  async insertTranscriptLine(incidentId: string, line: TranscriptLine) {
    await this.db<TranscriptRow>('incident_transcript').insert({
      incident_id: incidentId,
      ...line,
    });
  }

  async getTranscript(incidentId: string): Promise<TranscriptLine[]> {
    const rows = await this.db<TranscriptRow>('incident_transcript')
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
