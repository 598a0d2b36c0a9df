import { Command } from 'commander';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { UsageError } from '../usage';
import { AnalyzeOptions, registerAnalyzeCommand, runAnalyze } from './analyze';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const AT = Date.UTC(2026, 10, 24, 14, 0) / 1000;
const STEP = 300;

/** Three days of 5-minute samples and 30 minutes of window, with a little wobble. */
function rows(
  entity: string,
  signal: string,
  level: number,
  incident: (secondsFromAt: number, usual: number) => number = (_, v) => v,
  time: (seconds: number) => string = String,
): string[] {
  const out: string[] = [];
  for (let t = AT - 3 * 86400, i = 0; t < AT + 1800; t += STEP, i++) {
    const usual =
      level * (1 + 0.04 * Math.sin(i * 1.7) + 0.02 * Math.cos(i * 0.3));
    out.push(`${time(t)},${entity},${signal},${incident(t - AT, usual)}`);
  }
  return out;
}

const slower =
  (factor: number, fromSeconds = 0) =>
  (s: number, v: number) =>
    s >= fromSeconds ? v * factor : v;

describe('awoooi analyze --metrics', () => {
  let folder: string;
  let warnings: string[];

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-metrics-'));
    warnings = [];
  });

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  async function analyze(
    lines: string[],
    options: Partial<AnalyzeOptions> = {},
  ) {
    const file = path.join(folder, 'metrics.csv');
    await fs.writeFile(
      file,
      ['timestamp,entity,signal,value', ...lines].join('\n'),
    );
    return runAnalyze({
      catalog: EXAMPLES,
      target: 'frontend',
      metrics: file,
      at: String(AT),
      json: true,
      warn: message => warnings.push(message),
      ...options,
    });
  }

  const quiet = [
    ...rows('frontend', 'latency.p90', 0.3),
    ...rows('auth-service', 'latency.p90', 0.1),
    ...rows('order-api', 'latency.p90', 0.12),
    ...rows('postgres-db', 'latency.p99', 0.02),
    ...rows('redis-cache', 'latency.avg', 0.001),
    ...rows('frontend', 'availability', 100, () => 100),
  ];

  it('names the slow database below the alerting frontend, with its evidence', async () => {
    const result = JSON.parse(
      await analyze([
        ...rows('frontend', 'latency.p90', 0.3, slower(3, 300)),
        ...rows('auth-service', 'latency.p90', 0.1, slower(4, 300)),
        ...rows('order-api', 'latency.p90', 0.12),
        ...rows('resource:postgres-db', 'latency.p99', 0.02, slower(8, -600)),
        ...rows('redis-cache', 'latency.avg', 0.001),
      ]),
    );
    expect(result.rootCauses.map((c: any) => [c.entityRef, c.symptom])).toEqual(
      [
        ['resource:default/postgres-db', false],
        ['component:default/auth-service', true],
      ],
    );
    expect(result.rootCauses[0].evidence).toEqual([
      {
        signal: 'latency.p99',
        score: expect.any(Number),
        onset: new Date((AT - 600) * 1000).toISOString(),
      },
    ]);
    expect(result.rootCauses[0].evidence[0].score).toBeGreaterThan(5);
  });

  it('finds the same with --history-step 1h, as the backend reads Prometheus', async () => {
    const storm = [
      ...rows('frontend', 'latency.p90', 0.3, slower(3, 300)),
      ...rows('auth-service', 'latency.p90', 0.1, slower(4, 300)),
      ...rows('resource:postgres-db', 'latency.p99', 0.02, slower(8, -600)),
      ...rows('redis-cache', 'latency.avg', 0.001),
    ];
    const whole = JSON.parse(await analyze(storm));
    const hourly = JSON.parse(await analyze(storm, { historyStep: '1h' }));
    expect(hourly.rootCauses.map((c: any) => c.entityRef)).toEqual(
      whole.rootCauses.map((c: any) => c.entityRef),
    );
    expect(hourly.rootCauses[0].evidence[0].onset).toBe(
      whole.rootCauses[0].evidence[0].onset,
    );
    expect(
      JSON.parse(await analyze(quiet, { historyStep: '1h' })).rootCauses,
    ).toEqual([]);
    await expect(analyze(quiet, { historyStep: 'hourly' })).rejects.toThrow(
      '--history-step must be a duration such as 10m, 90s or PT10M, got hourly',
    );
  });

  it('names no cause on a quiet system', async () => {
    const result = JSON.parse(await analyze(quiet));
    expect(result.rootCauses).toEqual([]);
    expect(result.blastRadius.length).toBeGreaterThan(0);
    // Alerting on the target alone names nothing either: its metrics look usual.
    const alerted = JSON.parse(await analyze(quiet, { unhealthy: 'frontend' }));
    expect(alerted.rootCauses).toEqual([]);
  });

  it('adds --unhealthy to the metric evidence', async () => {
    const result = JSON.parse(
      await analyze(quiet, { unhealthy: 'orders-queue' }),
    );
    expect(result.rootCauses).toEqual([
      expect.objectContaining({
        entityRef: 'resource:default/orders-queue',
        evidence: [],
      }),
    ]);
  });

  it('reads ISO times and percent availability, and names the target on its own signal', async () => {
    const iso = (s: number) => new Date(s * 1000).toISOString();
    const down = rows(
      'frontend',
      'availability',
      100,
      s => (s >= 0 ? 91 : 100),
      iso,
    );
    const result = JSON.parse(
      await analyze([...quiet.slice(0, 2000), ...down]),
    );
    expect(result.rootCauses).toMatchObject([
      {
        entityRef: 'component:default/frontend',
        distance: 0,
        evidence: [{ signal: 'availability', onset: iso(AT) }],
      },
    ]);
    // When the alert is about latency, the availability drop does not name it.
    const onLatency = JSON.parse(
      await analyze([...quiet.slice(0, 2000), ...down], { signal: 'latency' }),
    );
    expect(onLatency.rootCauses).toEqual([]);
  });

  it('warns once about unknown signals and entities, and skips missing values', async () => {
    const lines = [
      ...quiet,
      `${AT},frontend,throughput,12`,
      `${AT + 60},frontend,throughput,13`,
      `${AT},ghost-service,latency,1`,
      `${AT},frontend,latency.p90,`,
      `${AT},frontend,latency.p90,NaN`,
    ];
    const result = JSON.parse(await analyze(lines));
    expect(result.rootCauses).toEqual([]);
    expect(warnings).toEqual([
      'ignoring unknown signal throughput',
      'ignoring metrics of ghost-service: no entity named ghost-service in the catalog',
    ]);
  });

  it('prints the evidence in words', async () => {
    const text = await analyze(
      [
        ...quiet.slice(0, 2000),
        ...rows('order-api', 'errors', 0, s => (s >= 0 ? 0.2 : 0)),
      ],
      { json: false },
    );
    expect(text).toContain('1. component:default/order-api  (service, 1 hop)');
    expect(text).toContain(
      `errors at 0.2 (usually 0) since ${new Date(AT * 1000).toISOString()}`,
    );
  });

  it('rejects bad metrics usage with a one-line reason', async () => {
    await expect(analyze(quiet, { at: undefined })).rejects.toThrow(
      '--metrics needs --at',
    );
    await expect(analyze(quiet, { at: 'yesterday' })).rejects.toThrow(
      '--at must be unix seconds or ISO-8601, got yesterday',
    );
    await expect(analyze(quiet, { signal: 'throughput' })).rejects.toThrow(
      UsageError,
    );
    await expect(
      runAnalyze({ catalog: EXAMPLES, target: 'frontend', at: String(AT) }),
    ).rejects.toThrow('--at and --signal need --metrics');
    await expect(analyze([`${AT},frontend,latency,fast`])).rejects.toThrow(
      /metrics\.csv line 2: fast is not a number$/,
    );
    await expect(analyze([`soon,frontend,latency,1`])).rejects.toThrow(
      'line 2: soon is neither unix seconds nor ISO-8601',
    );
    await expect(analyze([`${AT},frontend,1`])).rejects.toThrow(
      'expected 4 fields, got 3',
    );
    await fs.writeFile(path.join(folder, 'bad.csv'), 'time,entity,value\n');
    await expect(
      analyze([], { metrics: path.join(folder, 'bad.csv') }),
    ).rejects.toThrow('the first line must be timestamp,entity,signal,value');
    await expect(
      analyze([], { metrics: path.join(folder, 'missing.csv') }),
    ).rejects.toThrow(UsageError);
  });

  it('takes the metric options on the command line, --unhealthy left out', async () => {
    const file = path.join(folder, 'm.csv');
    await fs.writeFile(
      file,
      ['timestamp,entity,signal,value', ...quiet].join('\n'),
    );
    const program = new Command('awoooi').exitOverride();
    registerAnalyzeCommand(program);
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    try {
      await program.parseAsync(
        [
          'analyze',
          '--catalog',
          EXAMPLES,
          '--target',
          'frontend',
          '--metrics',
          file,
          '--at',
          new Date(AT * 1000).toISOString(),
          '--signal',
          'latency.p90',
          '--max-depth',
          '2',
          '--json',
        ],
        { from: 'user' },
      );
      expect(JSON.parse(String(stdout.mock.calls[0][0])).rootCauses).toEqual(
        [],
      );
    } finally {
      stdout.mockRestore();
    }
  });
});
