import type { AwoooiMetricsSource, PromSeries } from '../extensions/sources';
import { fetchSignals } from './fetchSignals';

function source(
  answer: (promql: string) => PromSeries[] | Promise<PromSeries[]>,
): AwoooiMetricsSource {
  return {
    name: 'fake',
    query: async () => [],
    queryRange: async promql => answer(promql),
    rules: async () => [],
  };
}

const options = {
  start: new Date(0),
  end: new Date(600_000),
  stepSeconds: 300,
  timeoutMs: 1_000,
};

const series = (labels: Record<string, string>, values: number[]) => ({
  labels,
  values: values.map((value, i) => ({ timestamp: i * 300, value })),
});

describe('fetchSignals', () => {
  it('splits a batched answer back to its entities by their labels', async () => {
    const result = await fetchSignals(
      source(() => [
        series({ service: 'a', le: '1' }, [1, 2]),
        series({ service: 'a', le: '2' }, [10, 20]),
        series({ service: 'b' }, [5, NaN]),
        // Matched by the combined selector, but no entity's.
        series({ service: 'c' }, [7, 7]),
        series({}, [0, 0]),
      ]),
      [
        {
          signal: 'requests',
          promql: 'q',
          by: ['service'],
          entities: [
            { entityRef: 'a', values: ['a'] },
            { entityRef: 'b', values: ['b'] },
            { entityRef: 'b2', values: ['b'] },
            { entityRef: 'none', values: ['x'] },
          ],
        },
      ],
      options,
    );
    expect(result.queries).toBe(1);
    expect(result.series).toEqual([
      {
        entityRef: 'a',
        signal: 'requests',
        samples: [
          { t: 0, v: 11 },
          { t: 300_000, v: 22 },
        ],
      },
      { entityRef: 'b', signal: 'requests', samples: [{ t: 0, v: 5 }] },
      { entityRef: 'b2', signal: 'requests', samples: [{ t: 0, v: 5 }] },
    ]);
  });

  it('sums every series for the queries of one entity, as before', async () => {
    const result = await fetchSignals(
      source(() => [series({ pod: '1' }, [1]), series({ pod: '2' }, [2])]),
      [{ entityRef: 'a', queries: [{ signal: 'cpu', promql: 'q' }] }],
      options,
    );
    expect(result.series).toEqual([
      { entityRef: 'a', signal: 'cpu', samples: [{ t: 0, v: 3 }] },
    ]);
  });

  it('gives up what is not answered within the overall timeout', async () => {
    const never = new Promise<PromSeries[]>(() => {});
    const started = Date.now();
    const result = await fetchSignals(
      source(() => never),
      Array.from({ length: 6 }, (_, i) => ({
        entityRef: `e${i}`,
        queries: [{ signal: 'cpu', promql: 'q' }],
      })),
      { ...options, timeoutMs: 10_000, totalTimeoutMs: 200, concurrency: 2 },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    // The two in flight give up at the deadline; the rest are never sent.
    expect(result.failures).toEqual([
      expect.stringMatching(/^no answer within \d+ ms$/),
      expect.stringMatching(/^no answer within \d+ ms$/),
    ]);
    expect(result.skipped).toBe(4);
  });

  it('asks each query for the history window too and keeps it beside the samples', async () => {
    const asked: string[] = [];
    const history = {
      start: new Date(-7_200_000),
      end: new Date(-3_600_000),
      stepSeconds: 3600,
    };
    const answer = (promql: string, start: Date, stepSeconds: number) => {
      asked.push(`${promql}@${start.getTime()}/${stepSeconds}`);
      // Entity b has a history only; c recent samples only.
      const coarse = stepSeconds === 3600;
      return [
        {
          labels: { service: 'a' },
          values: [{ timestamp: coarse ? -7200 : 0, value: 1 }],
        },
        ...(coarse
          ? [
              {
                labels: { service: 'b' },
                values: [{ timestamp: -7200, value: 2 }],
              },
            ]
          : []),
        ...(coarse
          ? []
          : [
              {
                labels: { service: 'c' },
                values: [{ timestamp: 0, value: 3 }],
              },
            ]),
      ];
    };
    const result = await fetchSignals(
      {
        ...source(() => []),
        queryRange: async (promql, start, _end, step) =>
          answer(promql, start, step),
      },
      [
        {
          signal: 'cpu',
          promql: 'q',
          by: ['service'],
          entities: ['a', 'b', 'c'].map(v => ({ entityRef: v, values: [v] })),
        },
      ],
      { ...options, history },
    );
    expect(asked.sort()).toEqual(['q@-7200000/3600', 'q@0/300']);
    expect(result.queries).toBe(2);
    // Without its history a series would be judged against its own last hours.
    expect(result.series).toEqual([
      {
        entityRef: 'a',
        signal: 'cpu',
        samples: [{ t: 0, v: 1 }],
        history: [{ t: -7_200_000, v: 1 }],
      },
    ]);
  });
});
