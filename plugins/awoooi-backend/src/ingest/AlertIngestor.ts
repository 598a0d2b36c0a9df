import type { SignalsService } from '@backstage/plugin-signals-node';
import type { Knex } from 'knex';
import { entityIncidentsChannel, Incident } from '@awoooi/plugin-awoooi-common';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
  PAYLOAD_NAMES,
  type AlertEntityIndex,
} from '@awoooi/plugin-awoooi-node';
import type { IncidentStore } from '../database/IncidentStore';
import type { AlertIngestStore } from '../database/AlertIngestStore';
import type { IngestOutcome } from '../database/ingestOutcome';
import type { NormalizedAlert } from '../domain';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { AwoooiMetrics } from '../service/metrics';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import { GroupCommit } from './GroupCommit';
import {
  contentHash,
  normalizeAlertmanager,
  normalizeGeneric,
} from './normalize';
import { parseOrThrow } from './parseOrThrow';

export type IngestSource = 'alertmanager' | 'webhook' | 'kafka';

/** How old the catalog cache may be before an unmapped alert triggers a refresh. */
const STALE_MAPPING_MS = 1_000;

/**
 * Webhooks that arrive together share a transaction up to this many alerts
 * (a single larger webhook still goes in one).
 */
const MAX_ALERTS_PER_TRANSACTION = 2_000;

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
      alerts: AlertIngestStore;
      vault: PrivacyVault;
      graph: CatalogGraphCache;
      operationLog: OperationLogStore;
      notifier: IncidentNotifier;
      metrics: AwoooiMetrics;
      signals: SignalsService;
      onStored: () => void;
    },
  ) {}

  /** One group commit per source: an op-log actor names one source. */
  private readonly batches = Object.fromEntries(
    (['alertmanager', 'webhook', 'kafka'] as const).map(source => [
      source,
      new GroupCommit<NormalizedAlert[], IngestSummary>(
        webhooks => this.ingestTogether(source, webhooks),
        MAX_ALERTS_PER_TRANSACTION,
      ),
    ]),
  ) as Record<IngestSource, GroupCommit<NormalizedAlert[], IngestSummary>>;

  /** Throws InputError (400) for a bad payload; nothing is stored then. */
  async ingest(source: IngestSource, body: unknown): Promise<IngestSummary> {
    let parse: (index: AlertEntityIndex) => NormalizedAlert[];
    try {
      if (source === 'alertmanager') {
        const payload = parseOrThrow(
          alertmanagerPayloadSchema,
          body,
          PAYLOAD_NAMES.alertmanager,
        );
        parse = index => normalizeAlertmanager(payload, index);
      } else {
        const payload = parseOrThrow(
          genericPayloadSchema,
          body,
          PAYLOAD_NAMES.generic,
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
    return this.batches[source].submit(alerts, alerts.length);
  }

  /**
   * Stores the alerts of webhooks that arrived together in one transaction
   * (see GroupCommit) and tells each sender what became of its own alerts.
   */
  private async ingestTogether(
    source: IngestSource,
    webhooks: NormalizedAlert[][],
  ): Promise<IngestSummary[]> {
    const outcome = await this.deps.alerts.ingest(webhooks.flat(), {
      graph: await this.deps.graph.getGraph(),
      onIncidentsOpened: this.onOpened(source),
    });
    this.count(source, outcome);
    await this.afterCommit(source, outcome);
    return webhooks.map(alerts => summaryOf(alerts, outcome));
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
    const outcome = await this.deps.alerts.ingest(remapped, {
      graph: await this.deps.graph.getGraph(),
      onIncidentsOpened: this.onOpened('remap'),
    });
    await this.afterCommit('remap', outcome);
    return remapped.length;
  }

  /**
   * In the opening transaction: each new incident's alert group becomes
   * Privacy-Shield output of its own scope before anything is written, and
   * the openings are logged with that output.
   */
  private onOpened(source: IngestSource | 'remap') {
    return async (incidents: Incident[], trx: Knex.Transaction) => {
      const byId = new Map(incidents.map(i => [i.id, i]));
      const groupKeys = await this.deps.vault.withNewScopes(
        [...byId.keys()],
        (id, scope) => scope.redact(byId.get(id)!.groupKey).text,
        trx,
      );
      await this.deps.operationLog.append(
        incidents.map(incident => ({
          opType: 'incident_opened',
          actor: `alerts:${source}`,
          entityRef: incident.entityRef,
          incidentId: incident.id,
          details: {
            groupKey: groupKeys.get(incident.id),
            severity: incident.severity,
            ...(source === 'remap' ? { remapped: true } : {}),
          },
        })),
        trx,
      );
      return groupKeys;
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

/** A sender's share of a group commit: its own alerts and their incidents. */
function summaryOf(
  alerts: NormalizedAlert[],
  outcome: IngestOutcome,
): IngestSummary {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const incidents = new Set<string>();
  const fingerprints = new Set(alerts.map(a => a.fingerprint));
  for (const fingerprint of fingerprints) {
    const ingested = outcome.alerts.get(fingerprint);
    if (!ingested) continue;
    counts[ingested.change]++;
    if (ingested.incidentId) incidents.add(ingested.incidentId);
  }
  const unmapped = new Set(
    alerts.filter(a => !a.entityRef).map(a => a.fingerprint),
  );
  const ids = (list: Incident[]) =>
    list.map(i => i.id).filter(id => incidents.has(id));
  return {
    received: alerts.length,
    ...counts,
    unmapped: unmapped.size,
    incidentsOpened: ids(outcome.opened),
    incidentsResolved: ids(outcome.resolved),
  };
}
