import type { Incident } from '@internal/plugin-awoooi-common';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import type { IncidentStore, IngestOutcome, NormalizedAlert } from '../database/IncidentStore';
import type { OperationLogStore } from '../database/OperationLogStore';
import type { AwoooiMetrics } from '../service/metrics';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import { normalizeAlertmanager, normalizeGeneric } from './normalize';
import {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
  parseOrThrow,
} from './schemas';

export type IngestSource = 'alertmanager' | 'webhook' | 'kafka';

/** Summary returned to the sender. */
export interface IngestSummary {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  incidentsOpened: string[];
  incidentsResolved: string[];
}

/**
 * Validates, maps and stores alerts — nothing else. Analysis happens off the
 * request path (the analysis queue is kicked once the transaction commits).
 */
export class AlertIngestor {
  constructor(
    private readonly deps: {
      incidents: IncidentStore;
      graph: CatalogGraphCache;
      operationLog: OperationLogStore;
      notifier: IncidentNotifier;
      metrics: AwoooiMetrics;
      onStored: () => void;
    },
  ) {}

  /** Throws InputError (400) for a bad payload; nothing is stored then. */
  async ingest(source: IngestSource, body: unknown): Promise<IngestSummary> {
    const index = await this.deps.graph.getIndex();
    let alerts: NormalizedAlert[];
    try {
      alerts =
        source === 'alertmanager'
          ? normalizeAlertmanager(parseOrThrow(alertmanagerPayloadSchema, body, 'Alertmanager webhook (version 4)'), index)
          : normalizeGeneric(parseOrThrow(genericPayloadSchema, body, 'alert webhook').alerts, index, source);
    } catch (error) {
      this.deps.metrics.alertsReceived.inc({ source, outcome: 'rejected' });
      throw error;
    }
    const outcome = await this.deps.incidents.ingest(alerts, (incident, trx) =>
      this.deps.operationLog.append(
        {
          opType: 'incident_opened',
          actor: `alerts:${source}`,
          entityRef: incident.entityRef,
          incidentId: incident.id,
          details: { groupKey: incident.groupKey, severity: incident.severity },
        },
        trx,
      ),
    );
    this.count(source, outcome);
    await this.afterCommit(source, outcome);
    return {
      received: outcome.received,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      unmapped: outcome.unmapped,
      incidentsOpened: outcome.opened.map(i => i.id),
      incidentsResolved: outcome.resolved.map(i => i.id),
    };
  }

  private count(source: IngestSource, o: IngestOutcome) {
    const m = this.deps.metrics.alertsReceived;
    if (o.created) m.inc({ source, outcome: 'created' }, o.created);
    if (o.updated) m.inc({ source, outcome: 'updated' }, o.updated);
    if (o.unchanged) m.inc({ source, outcome: 'unchanged' }, o.unchanged);
    if (o.unmapped) m.inc({ source, outcome: 'unmapped' }, o.unmapped);
  }

  private async afterCommit(source: IngestSource, o: IngestOutcome) {
    const log = (opType: string, i: Incident, details: Record<string, unknown>) => ({
      opType,
      actor: `alerts:${source}`,
      entityRef: i.entityRef,
      incidentId: i.id,
      details,
    });
    await this.deps.operationLog.append([
      ...o.escalated.map(i => log('incident_escalated', i, { severity: i.severity })),
      ...o.resolved.map(i => log('incident_resolved', i, {})),
    ]);
    if (o.opened.length || o.escalated.length) this.deps.onStored();
    for (const i of o.resolved) {
      await this.deps.notifier.send({
        kind: 'incident.resolved',
        title: `Resolved: ${i.title}`,
        description: `All alerts of this incident on ${i.entityRef} are resolved.`,
        entityRef: i.entityRef,
        severity: 'low',
        incidentId: i.id,
      });
    }
  }
}
