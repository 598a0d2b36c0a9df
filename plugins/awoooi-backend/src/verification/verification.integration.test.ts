import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AlertEntityIndex,
  AwoooiHealthProvider,
} from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import {
  proposalPipeline,
  quietLogger,
} from '../__testUtils__/proposalPipeline';
import {
  ScaledWorkload,
  WORKLOAD_REF,
  WORKLOAD_TARGET,
} from '../__testUtils__/scaledWorkload';
import { createTestDatabases } from '@internal/awoooi-test-utils';
import { AnalysisStore } from '../database/AnalysisStore';
import type { NormalizedAlert } from '../domain';
import { AlertIngestStore } from '../database/AlertIngestStore';
import { DatabaseIncidentStore } from '../database/IncidentStore';
import { VerificationService } from './VerificationService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NEIGHBOUR = 'component:default/checkout';

function alert(
  name: string,
  entityRef: string,
  status: 'firing' | 'resolved',
  startsAt: string,
): NormalizedAlert {
  return {
    fingerprint: `am:${name}`,
    source: 'alertmanager',
    status,
    severity: 'critical',
    title: name,
    labels: { alertname: name },
    annotations: {},
    groupKey: name,
    entityRef,
    startsAt,
    endsAt: status === 'resolved' ? new Date().toISOString() : null,
    contentHash: `${name}-${status}`,
  };
}

/**
 * A health source that answers only once `n` checks are waiting on it, so
 * that many verifiers have all observed the same open window before any of
 * them decides it.
 */
function meetingPoint(n: number): AwoooiHealthProvider {
  let waiting = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>(r => {
    release = r;
  });
  return {
    id: 'meeting-point',
    async unhealthyEntities() {
      if (++waiting >= n) release();
      await all;
      return new Map();
    },
  };
}

const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();

/** The approval pipeline and verifiers of one backend on a migrated database. */
async function loop(knex: Knex, verificationWindowMs = 600_000) {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@awoooi/plugin-awoooi-backend',
      'migrations',
    ),
  });
  const workload = new ScaledWorkload();
  const pipeline = await proposalPipeline(knex, workload, {
    verificationWindowMs,
  });
  const incidents = DatabaseIncidentStore.create(knex);
  const alerts = AlertIngestStore.create(knex);
  const { opened } = await alerts.ingest([
    alert('WorkerDown', WORKLOAD_REF, 'firing', minuteAgo()),
  ]);
  const incidentId = opened[0].id;
  const verifier = (gate?: AwoooiHealthProvider) =>
    new VerificationService({
      store: pipeline.store,
      incidents,
      analyses: AnalysisStore.create(knex),
      operationLog: pipeline.operationLog,
      vault: pipeline.vault,
      healthProviders: gate ? [gate, workload] : [workload],
      entityIndex: async () => new AlertEntityIndex([]),
      proposals: pipeline.service,
      notifier: pipeline.notifier,
      signals: pipeline.signals,
      logger: quietLogger,
    });
  const scaleUp = () =>
    pipeline.service.propose({
      source: 'incident',
      incidentId,
      dedupeKey: `incident:${incidentId}|scale`,
      action: 'scale_deployment',
      target: WORKLOAD_TARGET,
      entityRef: WORKLOAD_REF,
      params: { replicas: 5 },
      risk: 'LOW',
      title: 'Scale the worker to 5',
      blastRadius: [
        { entityRef: NEIGHBOUR, distance: 1, path: [WORKLOAD_REF, NEIGHBOUR] },
      ],
      proposedBy: 'awoooi:brain/deterministic',
    });
  const outcomes = async (proposalId: string) =>
    (
      await pipeline.operationLog.list({ proposalId, opType: 'verification' })
    ).map(e => e.details.outcome);
  return {
    ...pipeline,
    workload,
    incidents,
    alerts,
    incidentId,
    verifier,
    scaleUp,
    outcomes,
  };
}

describe.each(databases.eachSupportedId())('verification on %s', databaseId => {
  it('waits while the workload is unhealthy, then VERIFIES once it recovered and the alerts resolved', async () => {
    const l = await loop(await databases.init(databaseId));
    const fix = await l.scaleUp();
    expect(fix.state).toBe('EXECUTED');
    expect(fix.verification?.outcome).toBeNull();

    expect(await l.verifier().verifyDue()).toBe(0);
    const waiting = (await l.store.get(fix.id))!.verification!;
    expect(waiting.outcome).toBeNull();
    expect(waiting.detail).toContain('the target is unhealthy');

    // Another incident shares the fix: its alerts must resolve too.
    const { opened } = await l.alerts.ingest([
      alert('QueueBacklog', 'component:default/queue', 'firing', minuteAgo()),
    ]);
    await l.store.linkIncident(fix.id, opened[0].id);

    l.workload.unhealthy = [];
    expect(await l.verifier().verifyDue()).toBe(0); // the incident still fires
    await l.alerts.ingest([
      alert('WorkerDown', WORKLOAD_REF, 'resolved', minuteAgo()),
    ]);
    expect(await l.verifier().verifyDue()).toBe(0);
    expect((await l.store.get(fix.id))!.verification!.detail).toContain(
      '1 alert of the incident still firing',
    );
    await l.alerts.ingest([
      alert('QueueBacklog', 'component:default/queue', 'resolved', minuteAgo()),
    ]);
    expect(await l.verifier().verifyDue()).toBe(1);

    const verified = (await l.store.get(fix.id))!;
    expect(verified.verification?.outcome).toBe('VERIFIED');
    expect(verified.trust).toEqual({
      score: 0,
      lastOutcome: 'VERIFIED',
      autoSuspended: false,
    });
    expect(await l.outcomes(fix.id)).toEqual(['VERIFIED']);
  });

  it('calls a fix INEFFECTIVE when nothing recovered by the window’s end, and wipes the trust it had', async () => {
    const l = await loop(await databases.init(databaseId), 1);
    await l.store.trust.apply(
      'scale_deployment:deployment/shop/worker',
      'LOW',
      'approve',
    );
    await l.store.trust.apply(
      'scale_deployment:deployment/shop/worker',
      'LOW',
      'approve',
    );
    const fix = await l.scaleUp();
    expect(fix.trust?.score).toBe(2);
    await new Promise(r => setTimeout(r, 5));

    expect(await l.verifier().verifyDue()).toBe(1);
    const ineffective = (await l.store.get(fix.id))!;
    expect(ineffective.verification?.outcome).toBe('INEFFECTIVE');
    expect(ineffective.verification?.detail).toContain(
      "no recovery by the window's end",
    );
    expect(ineffective.trust?.score).toBe(0);
    expect(ineffective.verification?.rollbackProposalId).toBeNull();
    expect(l.notified).toContain('Ineffective: Scale the worker to 5');
  });

  it('calls a fix REGRESSED on a new alert in its blast radius, stops automatic runs and proposes the rollback', async () => {
    const l = await loop(await databases.init(databaseId));
    const fix = await l.scaleUp();
    expect(l.workload.replicas).toBe(5);
    await l.alerts.ingest([
      alert(
        'CheckoutLatency',
        NEIGHBOUR,
        'firing',
        new Date(Date.now() + 1000).toISOString(),
      ),
    ]);

    expect(await l.verifier().verifyDue()).toBe(1);
    const regressed = (await l.store.get(fix.id))!;
    expect(regressed.verification?.outcome).toBe('REGRESSED');
    expect(regressed.verification?.detail).toContain('CheckoutLatency');
    expect(regressed.trust).toEqual({
      score: 0,
      lastOutcome: 'REGRESSED',
      autoSuspended: true,
    });

    // The rollback restores the count recorded right before the scale, and
    // the pattern, automatic before, now waits for a person.
    const rollback = (await l.store.get(
      regressed.verification!.rollbackProposalId!,
    ))!;
    expect(rollback).toMatchObject({
      action: 'scale_deployment',
      target: WORKLOAD_TARGET,
      params: { replicas: 2 },
      state: 'PENDING',
      risk: 'MEDIUM',
      required: { count: 1 },
    });
    expect(l.workload.replicas).toBe(5);
    expect(l.notified).toContain('Regressed: Scale the worker to 5');
    expect(l.notified).toContain(
      'Approval needed: Roll back: Scale the worker to 5',
    );

    await l.service.sign(
      rollback.id,
      { userRef: 'user:default/sre-sam', roles: ['sre'] },
      'approve',
      'roll it back',
    );
    expect(l.workload.replicas).toBe(2);
    expect((await l.store.trust.get(rollback.pattern)).autoSuspended).toBe(
      false,
    );
  });

  it('decides a window exactly once when two verifiers check it at the same time', async () => {
    const l = await loop(await databases.init(databaseId));
    const fix = await l.scaleUp();
    l.workload.unhealthy = [];
    await l.alerts.ingest([
      alert('WorkerDown', WORKLOAD_REF, 'resolved', minuteAgo()),
    ]);

    const gate = meetingPoint(3);
    const decided = await Promise.all([
      l.verifier(gate).verifyDue(),
      l.verifier(gate).verifyDue(),
      l.verifier(gate).verifyDue(),
    ]);
    expect(decided.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await l.outcomes(fix.id)).toEqual(['VERIFIED']);
    expect(
      await l.operationLog.list({
        proposalId: fix.id,
        opType: 'trust_changed',
      }),
    ).toHaveLength(1);
  });
});
