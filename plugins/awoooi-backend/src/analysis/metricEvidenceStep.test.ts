import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '@awoooi/plugin-awoooi-common';
import { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import { entity } from '@internal/awoooi-test-utils';
import {
  freePort,
  LocalPrometheus,
  startPrometheus,
} from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { httpServerMetrics } from './__testUtils__/httpMetrics';
import {
  MetricEvidenceStep,
  queryWindows,
  readMetricsSettings,
} from './metricEvidenceStep';

jest.setTimeout(180_000);

const STEP = 300;
const END = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
const OPENED = new Date((END - 15 * 60) * 1000);
/** The database slowed down 40 minutes before the end, checkout with it. */
const FAULT = END - 40 * 60;

const selector = (service: string) => ({
  [ANNOTATION_PROMETHEUS_SELECTOR]: `service="${service}"`,
});

function catalog() {
  return [
    entity(
      'Component',
      'edge',
      { type: 'service', dependsOn: ['component:checkout'] },
      selector('edge'),
    ),
    entity(
      'Component',
      'checkout',
      { type: 'service', dependsOn: ['resource:orders-db', 'resource:cache'] },
      selector('checkout'),
    ),
    entity(
      'Resource',
      'orders-db',
      { type: 'database' },
      selector('orders-db'),
    ),
    entity('Resource', 'cache', { type: 'cache' }, selector('cache')),
  ];
}

describe('MetricEvidenceStep against a real Prometheus', () => {
  let prometheus: LocalPrometheus;
  let graph: CatalogGraphCache;

  beforeAll(async () => {
    const wave = (t: number) => 1 + 0.1 * Math.sin((2 * Math.PI * t) / 86_400);
    prometheus = await startPrometheus({
      openMetrics: httpServerMetrics(
        [
          {
            service: 'orders-db',
            latency: t => 0.02 * wave(t) * (t >= FAULT ? 6 : 1),
          },
          {
            service: 'checkout',
            latency: t => 0.08 * wave(t) * (t >= FAULT + STEP ? 3 : 1),
          },
          { service: 'cache', latency: t => 0.002 * wave(t) },
          // Above the target: never queried, whatever it shows.
          {
            service: 'edge',
            latency: t => 0.1 * wave(t) * (t >= FAULT ? 9 : 1),
          },
        ],
        END - 7 * 86_400 - 3600,
        END,
      ),
    });
    graph = new CatalogGraphCache(
      catalogServiceMock({ entities: catalog() }),
      mockServices.auth(),
      mockServices.logger.mock(),
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  const step = (baseUrl: string, config: object = {}) =>
    new MetricEvidenceStep({
      sources: [prometheusSource('main', baseUrl)],
      graph,
      settings: readMetricsSettings(
        new ConfigReader({ awoooi: { metrics: config } }),
      ),
    });

  it('finds the slow database below checkout from a week of HTTP histograms', async () => {
    const started = Date.now();
    const result = await step(prometheus.url).gather(
      'component:default/checkout',
      3,
      OPENED,
    );
    const elapsed = Date.now() - started;

    expect([...(result.metrics?.measured ?? [])].sort()).toEqual([
      'component:default/checkout',
      'resource:default/cache',
      'resource:default/orders-db',
    ]);
    const db =
      result.metrics?.anomalies.get('resource:default/orders-db') ?? [];
    expect(db.map(a => a.signal)).toEqual(
      expect.arrayContaining(['latency.avg', 'latency.p90', 'latency.p99']),
    );
    for (const anomaly of db) {
      expect(anomaly.onset).toBeGreaterThanOrEqual(FAULT * 1000);
      expect(anomaly.onset).toBeLessThanOrEqual((FAULT + 2 * STEP) * 1000);
    }
    expect(result.metrics?.anomalies.has('resource:default/cache')).toBe(false);
    expect(result.line?.kind).toBe('step');
    expect(result.line?.text).toMatch(
      /^Metrics: \d+ signals of 3\/3 entities from Prometheus 'main'; anomalous: .*resource:default\/orders-db \(.*latency \d+(\.\d)?× its usual since /,
    );
    expect(elapsed).toBeLessThan(10_000);
  });

  it('finds the same from the whole week read at the step as from an hourly history', async () => {
    const anomalous = async (config: object) => {
      const { metrics, queries } = await step(prometheus.url, config).gather(
        'component:default/checkout',
        3,
        OPENED,
      );
      const found = [...(metrics?.anomalies ?? [])].map(
        ([ref, list]) =>
          `${ref}: ${list
            .map(a => a.signal)
            .sort()
            .join(' ')}`,
      );
      return { found: found.sort(), queries: queries?.asked };
    };
    const hourly = await anomalous({});
    const whole = await anomalous({ historyStep: '5m' });
    expect(hourly.found).toEqual(whole.found);
    expect(hourly.found.join('\n')).toMatch(/orders-db: .*latency\.p90/);
    // Each query asked twice: the history, then the recent hours.
    expect(hourly.queries).toBe(2 * whole.queries!);
  });

  it('goes on without metrics and says so when Prometheus is down', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = await step(closed).gather(
      'component:default/checkout',
      3,
      OPENED,
    );
    expect(result.metrics).toBeUndefined();
    expect(result.line).toEqual({
      kind: 'note',
      text: expect.stringMatching(
        /^Metrics: Prometheus 'main' unavailable \(.*ECONNREFUSED.*\); the analysis goes on from alerts\.$/,
      ),
    });
  });

  it('asks only the configured queries, and nothing when disabled', async () => {
    const custom = await step(prometheus.url, {
      presets: [],
      queries: {
        requests:
          'sum(rate(http_server_request_duration_seconds_count{$selector}[5m]))',
      },
    }).gather('resource:default/orders-db', 3, OPENED);
    expect([...(custom.metrics?.measured ?? [])]).toEqual([
      'resource:default/orders-db',
    ]);
    expect(custom.metrics?.anomalies.size).toBe(0);
    expect(
      await step(prometheus.url, { enabled: false }).gather(
        'component:default/checkout',
        3,
        OPENED,
      ),
    ).toEqual({});
  });
});

describe('queryWindows', () => {
  const HOUR = 3_600_000;
  const settings = {
    lookbackMs: 7 * 24 * HOUR,
    stepSeconds: 300,
    historyStepSeconds: 3600,
  };
  const at = Date.UTC(2026, 10, 30, 14, 37);
  const now = at + 20 * 60_000;

  it('reads the history on the hour grid and the last two hours at the step', () => {
    const windows = queryWindows(settings, at, now);
    expect(windows).toEqual({
      start: new Date(at - 2 * HOUR),
      end: new Date(now),
      stepSeconds: 300,
      history: {
        start: new Date(Date.UTC(2026, 10, 23, 15)),
        end: new Date(Date.UTC(2026, 10, 30, 14)),
        stepSeconds: 3600,
      },
    });
    // Another incident within the hour asks the same history: one cache entry.
    expect(queryWindows(settings, at + 10 * 60_000, now).history).toEqual(
      windows.history,
    );
  });

  it('reads a short lookback finer, so it keeps enough samples to judge', () => {
    const day = queryWindows({ ...settings, lookbackMs: 24 * HOUR }, at, now);
    // A day read hourly would be 24 samples; at 514 s it is 168.
    expect(day.history?.stepSeconds).toBe(514);
    expect(
      queryWindows({ ...settings, lookbackMs: 12 * HOUR }, at, now).history,
    ).toBeUndefined();
  });

  it('reads the whole lookback at the step when the history step is no coarser', () => {
    expect(
      queryWindows({ ...settings, historyStepSeconds: 300 }, at, now),
    ).toEqual({
      start: new Date(at - settings.lookbackMs),
      end: new Date(now),
      stepSeconds: 300,
    });
  });
});
