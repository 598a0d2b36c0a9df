// One query per signal for a whole neighbourhood must give every entity
// exactly the series its own queries give, whatever its selector looks like.
import {
  batchSignalQueries,
  entityQueries,
  fetchSignals,
  MetricSeries,
  signalQueries,
  signalTemplates,
} from '@awoooi/plugin-awoooi-node';
import { LocalPrometheus, startPrometheus } from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';

jest.setTimeout(180_000);

const STEP = 300;
const END = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
const START = END - 2 * 86_400;
const FAMILY = 'http_server_request_duration_seconds';
const BUCKETS = ['0.01', '0.05', '0.1', '0.5', '1', '+Inf'];

/** Pods of a service in a namespace; the ones with `fails` answer some 5xx. */
interface Workload {
  service: string;
  namespace: string;
  pods: number;
  latency: number;
  fails?: (t: number) => boolean;
}

const WORKLOADS: Workload[] = [
  // `.` must not match `-`: api.v1 and api-v1 are different services.
  { service: 'api.v1', namespace: 'prod', pods: 2, latency: 0.03 },
  { service: 'api-v1', namespace: 'prod', pods: 1, latency: 0.4 },
  { service: 'x(1)|y', namespace: 'prod', pods: 2, latency: 0.08 },
  { service: 'say "hi"', namespace: 'prod', pods: 1, latency: 0.02 },
  {
    service: 'pay',
    namespace: 'prod',
    pods: 3,
    latency: 0.2,
    fails: t => Math.floor(t / 3600) % 3 === 0,
  },
  { service: 'pay', namespace: 'dev', pods: 1, latency: 0.3 },
  // Matched by the combined selector (web × dev) but no entity's own.
  { service: 'web', namespace: 'prod', pods: 2, latency: 0.06 },
  { service: 'web', namespace: 'dev', pods: 1, latency: 0.9 },
];

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

function openMetrics(): string {
  const lines: string[] = [];
  const each = (
    suffix: string,
    write: (w: Workload, pod: string, code: string) => void,
  ) => {
    lines.push(`# TYPE ${FAMILY}${suffix} unknown`);
    for (const w of WORKLOADS) {
      for (let p = 0; p < w.pods; p++) {
        for (const code of w.fails ? ['200', '500'] : ['200']) {
          write(w, `${w.service}-${p}`, code);
        }
      }
    }
  };
  const labels = (w: Workload, pod: string, code: string, extra = '') =>
    `${extra}namespace="${w.namespace}",pod="${escape(pod)}",service="${escape(
      w.service,
    )}",http_response_status_code="${code}"`;
  /** Requests per step of a pod: a daily wave, a few 5xx while failing. */
  const requests = (w: Workload, p: number, code: string, t: number) => {
    const all = 600 * (1 + p) * (1.2 + Math.sin((2 * Math.PI * t) / 86_400));
    if (code === '200') return all;
    return w.fails?.(t) ? all * 0.05 : 0;
  };
  const walk = (
    w: Workload,
    pod: string,
    code: string,
    emit: (t: number, count: number, seconds: number) => void,
  ) => {
    const p = Number(pod.slice(pod.lastIndexOf('-') + 1));
    let count = 0;
    let seconds = 0;
    for (let t = START; t <= END; t += STEP) {
      const n = Math.round(requests(w, p, code, t));
      count += n;
      seconds += n * w.latency * (1 + 0.3 * Math.cos(t / 5000));
      emit(t, count, seconds);
    }
  };
  each('_bucket', (w, pod, code) => {
    for (const le of BUCKETS) {
      // A share of the requests at or below each bound.
      const share =
        le === '+Inf'
          ? 1
          : Math.min(1, Math.max(0, 1 - w.latency / (2 * Number(le))));
      walk(w, pod, code, (t, count) =>
        lines.push(
          `${FAMILY}_bucket{${labels(
            w,
            pod,
            code,
            `le="${le}",`,
          )}} ${Math.round(count * share)} ${t}`,
        ),
      );
    }
  });
  each('_sum', (w, pod, code) =>
    walk(w, pod, code, (t, _, seconds) =>
      lines.push(
        `${FAMILY}_sum{${labels(w, pod, code)}} ${seconds.toFixed(3)} ${t}`,
      ),
    ),
  );
  each('_count', (w, pod, code) =>
    walk(w, pod, code, (t, count) =>
      lines.push(`${FAMILY}_count{${labels(w, pod, code)}} ${count} ${t}`),
    ),
  );
  lines.push('# EOF', '');
  return lines.join('\n');
}

const ENTITIES = [
  { entityRef: 'component:default/api-dot', selector: 'service="api.v1"' },
  { entityRef: 'component:default/api-dash', selector: 'service="api-v1"' },
  { entityRef: 'component:default/meta', selector: 'service="x(1)|y"' },
  {
    entityRef: 'component:default/quoted',
    selector: 'service="say \\"hi\\""',
  },
  // Same selector twice: both get the series.
  { entityRef: 'component:default/api-dot-2', selector: 'service="api.v1"' },
  // Two labels, in either order.
  {
    entityRef: 'component:default/pay-prod',
    selector: 'service="pay",namespace="prod"',
  },
  {
    entityRef: 'component:default/pay-dev',
    selector: 'namespace="dev",service="pay"',
  },
  {
    entityRef: 'component:default/web-prod',
    selector: 'namespace="prod",service="web"',
  },
  // A shape of its own: asked alone.
  { entityRef: 'component:default/web-any', selector: 'service=~"web|nope"' },
  // Nothing to find.
  { entityRef: 'component:default/ghost', selector: 'service="ghost"' },
];

function byEntityAndSignal(series: MetricSeries[]) {
  const out = new Map<string, Map<number, number>>();
  for (const s of series) {
    const key = `${s.entityRef} ${s.signal}`;
    expect(out.has(key)).toBe(false);
    out.set(key, new Map(s.samples.map(x => [x.t, x.v])));
  }
  return out;
}

describe('batched signal queries against a real Prometheus', () => {
  let prometheus: LocalPrometheus;

  beforeAll(async () => {
    prometheus = await startPrometheus({ openMetrics: openMetrics() });
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('give every entity the series of its own queries', async () => {
    const templates = signalTemplates(['http', 'istio', 'container', 'node']);
    const source = prometheusSource('main', prometheus.url, 30_000);
    const options = {
      start: new Date((START + 3600) * 1000),
      end: new Date(END * 1000),
      stepSeconds: STEP,
      timeoutMs: 30_000,
    };
    const batched = batchSignalQueries(templates, ENTITIES);
    // Fewer queries: the entities that share a selector shape ask together.
    expect(batched.length).toBeLessThanOrEqual(4 * templates.size);
    const together = await fetchSignals(source, batched, options);
    const alone = await fetchSignals(
      source,
      entityQueries(
        ENTITIES.map(e => ({
          entityRef: e.entityRef,
          queries: signalQueries(templates, e.selector),
        })),
      ),
      options,
    );
    expect(together.failures).toEqual([]);
    expect(alone.failures).toEqual([]);

    const expected = byEntityAndSignal(alone.series);
    const actual = byEntityAndSignal(together.series);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    // Every entity but the ghost, with errors (0 without any 5xx) and latency.
    for (const { entityRef } of ENTITIES) {
      if (entityRef.endsWith('/ghost')) continue;
      for (const signal of ['errors', 'latency.p90', 'latency.avg']) {
        expect(expected.has(`${entityRef} ${signal}`)).toBe(true);
      }
    }
    for (const [key, samples] of expected) {
      const got = actual.get(key)!;
      expect({ key, times: [...got.keys()] }).toEqual({
        key,
        times: [...samples.keys()],
      });
      for (const [t, v] of samples) {
        const w = got.get(t)!;
        if (Math.abs(w - v) > 1e-9 * Math.max(1, Math.abs(v))) {
          throw new Error(`${key} at ${t}: ${w} batched, ${v} alone`);
        }
      }
    }
  });
});
