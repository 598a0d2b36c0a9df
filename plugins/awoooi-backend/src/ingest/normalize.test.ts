import { AlertEntityIndex } from '@awoooi/plugin-awoooi-node';
import firing from './__fixtures__/firing-v4.json';
import resolved from './__fixtures__/resolved-v4.json';
import {
  normalizeAlertmanager,
  normalizeGeneric,
  severityOf,
} from './normalize';
import {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
} from '@awoooi/plugin-awoooi-node';

// Webhooks captured from a real Alertmanager 0.25.
const hostEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'db-host',
    namespace: 'default',
    annotations: { 'awoooi.io/alert-selector': 'instance=127.0.0.1:19100' },
  },
  spec: { type: 'host' },
};
const index = new AlertEntityIndex([hostEntity]);

describe('normalizing real Alertmanager 0.25 webhooks', () => {
  it('reads a firing alert: no end time, summary as title, mapped by selector', () => {
    const [alert] = normalizeAlertmanager(
      alertmanagerPayloadSchema.parse(firing),
      index,
    );
    expect(alert).toMatchObject({
      fingerprint: 'am:6087bed73aa24eef',
      source: 'alertmanager',
      status: 'firing',
      severity: 'warning',
      title: 'CPU usage on 127.0.0.1:19100 is 94.5%',
      groupKey: 'HighCpuUsage',
      entityRef: 'resource:default/db-host',
      startsAt: '2026-11-24T22:51:03.759Z',
      endsAt: null,
    });
  });

  it('reads a resolved alert with its end time and nanosecond start', () => {
    const [r] = normalizeAlertmanager(
      alertmanagerPayloadSchema.parse(resolved),
      index,
    );
    expect(r).toMatchObject({
      fingerprint: 'am:a1c63226bcda6a7d',
      status: 'resolved',
      severity: 'critical',
      groupKey: 'PodCrashLooping',
      // namespace + pod is not one of the mapping rules: kept as unmapped.
      entityRef: null,
      startsAt: '2026-11-24T22:51:18.267Z',
      endsAt: '2026-11-24T22:51:25.000Z',
    });
  });

  it('gives the same hash to the same alert sent twice', () => {
    const once = normalizeAlertmanager(
      alertmanagerPayloadSchema.parse(firing),
      index,
    );
    const twice = normalizeAlertmanager(
      alertmanagerPayloadSchema.parse(JSON.parse(JSON.stringify(firing))),
      index,
    );
    expect(twice[0].contentHash).toBe(once[0].contentHash);
  });
});

describe('generic webhooks', () => {
  it('accepts one alert or a batch, and derives a stable fingerprint', () => {
    const one = genericPayloadSchema.parse({
      title: 'Disk full',
      severity: 'high',
      labels: { host: 'a' },
    });
    const batch = genericPayloadSchema.parse({
      alerts: [{ title: 'Disk full', severity: 'high', labels: { host: 'a' } }],
    });
    const [a] = normalizeGeneric(one.alerts, index, 'webhook');
    const [b] = normalizeGeneric(batch.alerts, index, 'webhook');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a).toMatchObject({
      status: 'firing',
      severity: 'high',
      entityRef: null,
      groupKey: 'Disk full',
    });
  });

  it('maps severities Alertmanager users write to ours', () => {
    expect(severityOf('page')).toBe('critical');
    expect(severityOf('error')).toBe('high');
    expect(severityOf('WARN')).toBe('warning');
    expect(severityOf(undefined)).toBe('warning');
  });

  it('takes unknown severity words, prototype names included, as warnings', () => {
    for (const word of ['constructor', '__proto__', 'toString', 'loud']) {
      expect(severityOf(word)).toBe('warning');
      const { alerts } = genericPayloadSchema.parse({
        title: 'Odd',
        severity: word,
      });
      expect(normalizeGeneric(alerts, index, 'webhook')[0].severity).toBe(
        'warning',
      );
    }
  });
});
