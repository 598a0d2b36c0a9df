import type { SignalsService } from '@backstage/plugin-signals-node';
import type { Knex } from 'knex';
import { entityIncidentsChannel, Incident } from '@awoooi/plugin-awoooi-common';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import type { AlertEntityIndex } from '@awoooi/plugin-awoooi-node';
import type {
  IncidentStore,
  IngestOutcome,
  NormalizedAlert,
} from '../database/IncidentStore';
import type { OperationLogStore } from '../database/OperationLogStore';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { AwoooiMetrics } from '../service/metrics';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import {
  contentHash,
  normalizeAlertmanager,
  normalizeGeneric,
} from './normalize';
import {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
  parseOrThrow,
} from './schemas';

export type IngestSource = 'alertmanager' | 'webhook' | 'kafka';

/** How old the catalog cache may be before an unmapped alert triggers a refresh. */
const STALE_MAPPING_MS = 1_000;

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
      vault: PrivacyVault;
      graph: CatalogGraphCache;
      operationLog: OperationLogStore;
      notifier: IncidentNotifier;
      metrics: AwoooiMetrics;
      signals: SignalsService;
      onStored: () => void;
    },
  ) {}

  /** Throws InputError (400) for a bad payload; nothing is stored then. */
  async ingest(source: IngestSource, body: unknown): Promise<IngestSummary> {
    let parse: (index: AlertEntityIndex) => NormalizedAlert[];
    try {
      if (source === 'alertmanager') {
        const payload = parseOrThrow(
          alertmanagerPayloadSchema,
          body,
          'Alertmanager webhook (version 4)',
        );
        parse = index => normalizeAlertmanager(payload, index);
      } else {
        const payload = parseOrThrow(
          genericPayloadSchema,
          body,
          'alert webhook',
        );
        parse = index => normalizeGeneric(payload.alerts, index, source);
      }
    } catch (error) {
      this.deps.metrics.alertsReceived.inc({ source, outcome: 'rejected' });
      throw error;
    }
    let alerts = parse(await this.deps.graph.getIndex());
    // An alert for an entity the cache hasn't seen yet: catch up with the
    // catalog once (rate-limited, so an alert storm doesn't hammer it).
    if (
      alerts.some(a => !a.entityRef) &&
      this.deps.graph.ageMs > STALE_MAPPING_MS
    ) {
      await this.deps.graph.refresh();
      alerts = parse(await this.deps.graph.getIndex());
    }
    const outcome = await this.deps.incidents.ingest(alerts, {
      graph: await this.deps.graph.getGraph(),
      onIncidentOpened: this.onOpened(source),
    });
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

  /**
   * Maps alerts that arrived unmapped again, after the catalog changed (a
   * new entity, a new selector annotation): those that map now open or join
   * incidents as if they had just arrived.
   */
  async remapUnmapped(): Promise<number> {
    const index = await this.deps.graph.getIndex();
    const remapped: NormalizedAlert[] = [];
    for (const a of await this.deps.incidents.listUnmappedAlerts(1000)) {
      if (a.status !== 'firing') continue;
      const entityRef = index.map(a.labels);
      if (!entityRef) continue;
      const base = {
        fingerprint: a.fingerprint,
        source: a.source,
        status: a.status,
        severity: a.severity,
        title: a.title,
        labels: a.labels,
        annotations: a.annotations,
        groupKey: a.groupKey,
        entityRef,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
      };
      remapped.push({ ...base, contentHash: contentHash(base) });
    }
    if (remapped.length === 0) return 0;
    const outcome = await this.deps.incidents.ingest(remapped, {
      graph: await this.deps.graph.getGraph(),
      onIncidentOpened: this.onOpened('remap'),
    });
    await this.afterCommit('remap', outcome);
    return remapped.length;
  }

  /**
   * In the opening transaction: the new incident's alert group becomes
   * Privacy-Shield output of its own scope before anything is committed, and
   * the opening is logged with that output.
   */
  private onOpened(source: IngestSource | 'remap') {
    return async (incident: Incident, trx: Knex.Transaction) => {
      const groupKey = await this.deps.vault.withScope(
        incident.id,
        scope => scope.redact(incident.groupKey).text,
        trx,
      );
      await this.deps.incidents.relabelIncident(incident.id, groupKey, trx);
      await this.deps.operationLog.append(
        {
          opType: 'incident_opened',
          actor: `alerts:${source}`,
          entityRef: incident.entityRef,
          incidentId: incident.id,
          details: {
            groupKey,
            severity: incident.severity,
            ...(source === 'remap' ? { remapped: true } : {}),
          },
        },
        trx,
      );
    };
  }

  private count(source: IngestSource, o: IngestOutcome) {
    const m = this.deps.metrics.alertsReceived;
    if (o.created) m.inc({ source, outcome: 'created' }, o.created);
    if (o.updated) m.inc({ source, outcome: 'updated' }, o.updated);
    if (o.unchanged) m.inc({ source, outcome: 'unchanged' }, o.unchanged);
    if (o.unmapped) m.inc({ source, outcome: 'unmapped' }, o.unmapped);
  }

  private async afterCommit(source: IngestSource | 'remap', o: IngestOutcome) {
    const log = (
      opType: string,
      i: Incident,
      details: Record<string, unknown>,
    ) => ({
      opType,
      actor: `alerts:${source}`,
      entityRef: i.entityRef,
      incidentId: i.id,
      details,
    });
    await this.deps.operationLog.append([
      ...o.escalated.map(i =>
        log('incident_escalated', i, { severity: i.severity }),
      ),
      ...o.resolved.map(i => log('incident_resolved', i, {})),
      ...o.merged.map(m =>
        log('incident_merged', m.absorbed, { mergedInto: m.survivor.id }),
      ),
      ...o.regrouped.map(i =>
        log('incident_regrouped', i, { rootCause: i.entityRef }),
      ),
    ]);
    if (o.opened.length || o.escalated.length || o.regrouped.length) {
      this.deps.onStored();
    }
    // Open Incidents tabs refresh their list without a reload.
    const changed = await this.deps.incidents.entitiesOf(
      [
        ...o.opened,
        ...o.escalated,
        ...o.resolved,
        ...o.regrouped,
        ...o.merged.map(m => m.survivor),
      ].map(i => i.id),
    );
    for (const entityRef of changed) {
      await this.deps.signals.publish({
        recipients: { type: 'broadcast' },
        channel: entityIncidentsChannel(entityRef),
        message: { type: 'incidents', entityRef },
      });
    }
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
