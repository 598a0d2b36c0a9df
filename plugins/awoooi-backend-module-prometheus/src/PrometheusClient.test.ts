import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusError } from './PrometheusError';
import {
  freePort,
  RunningPrometheus,
  startPrometheus,
} from './__testUtils__/startPrometheus';

jest.setTimeout(60_000);

const RULES = `groups:
  - name: availability
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        for: 1m
        labels: { severity: warning }
        annotations: { summary: 'it fires' }
      - record: job:up:sum
        expr: sum by (job) (up)
`;

let prometheus: RunningPrometheus;
const servers: Server[] = [];

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  servers.push(server);
  // Port 0: the OS picks a port no one else can take before we bind it.
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(call: Promise<unknown>): Promise<PrometheusError> {
  const error = await call.then(
    () => undefined,
    e => e,
  );
  if (!(error instanceof PrometheusError)) {
    throw new Error(`expected a PrometheusError, got ${error}`);
  }
  return error;
}

beforeAll(async () => {
  prometheus = await startPrometheus({ rules: RULES });
  const client = new PrometheusClient({ name: 'p', baseUrl: prometheus.url });
  // Wait for the first self-scrape.
  for (let i = 0; i < 100; i++) {
    if ((await client.query('up')).length > 0) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('Prometheus never scraped itself');
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(
    servers.map(s => new Promise(r => s.close(() => r(undefined)))),
  );
  await prometheus?.stop();
});

describe('PrometheusClient against a real Prometheus', () => {
  const client = () =>
    new PrometheusClient({ name: 'local', baseUrl: `${prometheus.url}/` });

  it('runs instant queries, vectors and scalars, NaN included', async () => {
    const [up] = await client().query('up');
    expect(up.labels).toMatchObject({ job: 'test', __name__: 'up' });
    expect(up.value).toBe(1);
    expect(up.timestamp).toBeGreaterThan(Date.now() / 1000 - 60);

    expect(await client().query('1 + 1')).toEqual([
      { labels: {}, value: 2, timestamp: expect.any(Number) },
    ]);
    const [nan] = await client().query('vector(0) / 0');
    expect(nan.value).toBeNaN();
    const past = new Date(Date.now() - 3_600_000);
    expect((await client().query('time()', past))[0].value).toBeCloseTo(
      past.getTime() / 1000,
      0,
    );
  });

  it('runs range queries with a step', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 10_000);
    const series = await client().queryRange('vector(7)', start, end, 2);
    expect(series).toHaveLength(1);
    expect(series[0].values.length).toBeGreaterThanOrEqual(5);
    expect(series[0].values.every(v => v.value === 7)).toBe(true);
    const steps = series[0].values.map(v => v.timestamp);
    expect(steps[1] - steps[0]).toBe(2);
  });

  it('lists alerting and recording rules with their groups', async () => {
    const rules = await client().rules();
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'AlwaysFiring',
        group: 'availability',
        type: 'alerting',
        query: 'vector(1)',
        duration: 60,
        labels: { severity: 'warning' },
        annotations: { summary: 'it fires' },
      }),
      expect.objectContaining({
        name: 'job:up:sum',
        type: 'recording',
        query: 'sum by (job) (up)',
      }),
    ]);
    expect(rules[0].file).toMatch(/rules\.yml$/);
  });

  it('reports PromQL errors with the type Prometheus gives', async () => {
    const error = await failure(client().query('sum(up'));
    expect(error.kind).toBe('query');
    expect(error.errorType).toBe('bad_data');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^Prometheus 'local' at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query rejected the request \(bad_data\): .*parse error/,
    );
  });

  it('reports HTTP errors with the status and body', async () => {
    const wrongPath = new PrometheusClient({
      name: 'local',
      baseUrl: `${prometheus.url}/not-here`,
    });
    const error = await failure(wrongPath.rules());
    expect(error.kind).toBe('http');
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/answered HTTP 404/);
  });

  it('reports an unreachable server and a slow one', async () => {
    const port = await freePort();
    const down = new PrometheusClient({
      name: 'down',
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const error = await failure(down.query('up'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(
      `Prometheus 'down' at http://127.0.0.1:${port}/api/v1/query is unreachable: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
    );

    const silent = await listen(() => {});
    const slow = new PrometheusClient({
      name: 'slow',
      baseUrl: silent,
      timeoutMs: 200,
    });
    expect((await failure(slow.rules())).message).toMatch(
      /is unreachable: no answer within 200 ms$/,
    );
  });

  it('refuses answers that are not the Prometheus API', async () => {
    const other = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html>login</html>');
    });
    const error = await failure(
      new PrometheusClient({ name: 'x', baseUrl: other }).query('up'),
    );
    expect(error.kind).toBe('response');
    expect(error.message).toMatch(/did not answer with Prometheus API JSON/);
  });

  it('sends a bearer token or basic auth to a guarding proxy', async () => {
    const seen: Array<string | undefined> = [];
    const proxy = await listen(async (req, res) => {
      seen.push(req.headers.authorization);
      const ok =
        req.headers.authorization === 'Bearer s3cret' ||
        req.headers.authorization ===
          `Basic ${Buffer.from('ops:pw').toString('base64')}`;
      if (!ok) {
        res.statusCode = 401;
        res.end('Unauthorized');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${prometheus.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      res.statusCode = upstream.status;
      res.end(await upstream.text());
    });
    const bearer = new PrometheusClient({
      name: 'guarded',
      baseUrl: proxy,
      token: 's3cret',
    });
    expect((await bearer.query('1'))[0].value).toBe(1);
    const basic = new PrometheusClient({
      name: 'guarded',
      baseUrl: proxy,
      username: 'ops',
      password: 'pw',
    });
    expect((await basic.rules()).length).toBe(2);

    const anonymous = new PrometheusClient({ name: 'guarded', baseUrl: proxy });
    const error = await failure(anonymous.query('1'));
    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(error.message).toMatch(/answered HTTP 401: Unauthorized$/);
    expect(seen.slice(-1)).toEqual([undefined]);
  });
});
