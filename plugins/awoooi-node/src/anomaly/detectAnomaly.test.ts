import {
  assessSignal,
  ONSET_LOOKBACK_MS,
  SignalAssessment,
} from './detectAnomaly';
import type { MetricSample } from './series';
import { parseSignal } from './signals';
import { AT, DAY, MINUTE, series } from './testSeries';

function assess(
  name: string,
  samples: MetricSample[],
  options: { counter?: boolean; lookbackMs?: number } = {},
): SignalAssessment {
  const signal = parseSignal(name);
  if (!signal) throw new Error(`unknown signal ${name}`);
  return assessSignal(signal, samples, { at: AT, ...options });
}

function anomaly(verdict: SignalAssessment) {
  if (verdict.status !== 'anomalous') {
    throw new Error(`expected an anomaly, got ${JSON.stringify(verdict)}`);
  }
  return verdict.anomaly;
}

const after = (minutes: number) => (t: number) => t >= AT + minutes * MINUTE;

describe('assessSignal', () => {
  it('finds a latency step, its onset and its size', () => {
    const verdict = assess(
      'latency.p90',
      series({
        level: 0.2,
        noise: 0.1,
        daily: 0.2,
        shape: (t, v) => (after(10)(t) ? v * 6 : v),
      }),
    );
    const found = anomaly(verdict);
    expect(found.onset).toBe(AT + 10 * MINUTE);
    expect(found.direction).toBe('up');
    expect(found.value / found.baseline).toBeGreaterThan(5);
    expect(found.value / found.baseline).toBeLessThan(7.5);
    expect(found.score).toBeGreaterThan(20);
    // Two hours of history (24 samples) and the window (6), for a sparkline.
    const { values, windowStart } = found.sparkline!;
    expect([values.length, windowStart]).toEqual([30, 24]);
    expect(Math.min(...values.slice(26))).toBeGreaterThan(
      4 * Math.max(...values.slice(0, 24)),
    );
  });

  it('sees a cache that is three times slower at half a millisecond', () => {
    const verdict = assess(
      'latency.avg',
      series({
        level: 0.0005,
        noise: 0.05,
        shape: (t, v) => (after(0)(t) ? v * 3 : v),
      }),
    );
    expect(anomaly(verdict).baseline).toBeCloseTo(0.0005, 4);
  });

  it('stays quiet on noise, a daily cycle and spikes that are not incidents', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const verdict = assess(
        'latency.p99',
        series({
          level: 0.3,
          noise: 0.15,
          daily: 0.3,
          seed,
          // Lone spikes every few hours, one of them inside the window.
          shape: (t, v) => ((t / (5 * MINUTE)) % 37 === 0 ? v * 8 : v),
        }),
      );
      expect(verdict.status).toBe('normal');
    }
  });

  it('ignores a single bad sample in the window but not two in a row', () => {
    const lone = (t: number) => t === AT + 10 * MINUTE;
    const pair = (t: number) => lone(t) || t === AT + 15 * MINUTE;
    const base = { level: 0.1, noise: 0.05 };
    expect(
      assess('latency', series({ ...base, shape: (t, v) => (lone(t) ? 1 : v) }))
        .status,
    ).toBe('normal');
    expect(
      anomaly(
        assess(
          'latency',
          series({ ...base, shape: (t, v) => (pair(t) ? 1 : v) }),
        ),
      ).onset,
    ).toBe(AT + 10 * MINUTE);
  });

  it('does not count a good sample between two spikes', () => {
    const spikes = (t: number) =>
      t === AT + 5 * MINUTE || t === AT + 15 * MINUTE;
    const verdict = assess(
      'latency',
      series({ level: 0.1, noise: 0.05, shape: (t, v) => (spikes(t) ? 1 : v) }),
    );
    expect(verdict.status).toBe('normal');
  });

  it('after a gap in the samples, says how early the anomaly can have begun', () => {
    const samples = series({
      level: 0.2,
      noise: 0.05,
      shape: (t, v) => (t >= AT - 20 * MINUTE ? v * 4 : v),
    }).filter(s => s.t < AT - 30 * MINUTE || s.t >= AT);
    expect(anomaly(assess('latency', samples))).toMatchObject({
      onset: AT,
      earliestOnset: AT - 30 * MINUTE,
    });
  });

  it('keeps a tight baseline when the history holds an old outage', () => {
    const outage = (t: number) =>
      t >= AT - 3 * DAY && t < AT - 3 * DAY + 3 * 3_600_000;
    const verdict = assess(
      'latency.avg',
      series({
        level: 0.1,
        noise: 0.05,
        shape: (t, v) => {
          if (outage(t)) return v * 20;
          return after(0)(t) ? v * 2 : v;
        },
      }),
    );
    expect(anomaly(verdict).onset).toBe(AT);
  });

  it('judges the window against the same hour of the day', () => {
    // 14:00 is the daily peak: twice the night level is usual then …
    const peak = series({ level: 1000, noise: 0.03, daily: 0.5 });
    expect(assess('requests', peak).status).toBe('normal');
    // … while a night-time level at 14:00 is a traffic collapse.
    const collapsed = series({
      level: 1000,
      noise: 0.03,
      daily: 0.5,
      shape: (t, v) => (after(0)(t) ? v / 3 : v),
    });
    expect(anomaly(assess('requests', collapsed)).direction).toBe('down');
  });

  it('knows a step that comes at the same minute every day, mid-hour', () => {
    // Every day from 13:40 to 16:00 UTC (a batch job) latency doubles.
    const daily = (t: number) => {
      const minute = (t % DAY) / MINUTE;
      return minute >= 13 * 60 + 40 && minute < 16 * 60;
    };
    for (const noise of [0, 0.05]) {
      const usual = series({
        level: 0.2,
        noise,
        shape: (t, v) => (daily(t) ? v * 2 : v),
      });
      expect(assess('latency.p50', usual).status).toBe('normal');
      const faulty = series({
        level: 0.2,
        noise,
        shape: (t, v) => (daily(t) ? v * 2 : v) * (after(5)(t) ? 4 : 1),
      });
      expect(anomaly(assess('latency.p50', faulty)).onset).toBe(
        AT + 5 * MINUTE,
      );
    }
  });

  it('sees traffic either way but latency and availability only the bad way', () => {
    const up = (t: number, v: number) => (after(0)(t) ? v * 4 : v);
    const down = (t: number, v: number) => (after(0)(t) ? v / 4 : v);
    expect(
      anomaly(assess('requests', series({ level: 50, noise: 0.05, shape: up })))
        .direction,
    ).toBe('up');
    expect(
      anomaly(
        assess('requests', series({ level: 50, noise: 0.05, shape: down })),
      ).direction,
    ).toBe('down');
    expect(
      assess('latency', series({ level: 0.4, noise: 0.05, shape: down }))
        .status,
    ).toBe('normal');
    expect(
      assess('cpu', series({ level: 0.4, noise: 0.05, shape: down })).status,
    ).toBe('normal');
    expect(
      anomaly(
        assess('saturation', series({ level: 0.2, noise: 0.05, shape: up })),
      ).direction,
    ).toBe('up');
  });

  it('reads availability as a percent or a fraction, always 100 % included', () => {
    const drop = (scale: number) => (t: number) =>
      (after(5)(t) ? 0.97 : 1) * scale;
    const percent = anomaly(
      assess('availability', series({ level: 1, shape: drop(100) })),
    );
    const fraction = anomaly(
      assess('availability', series({ level: 1, shape: drop(1) })),
    );
    expect(percent).toEqual(fraction);
    expect(percent).toMatchObject({
      baseline: 1,
      direction: 'down',
      onset: AT + 5 * MINUTE,
    });
    expect(percent.value).toBeCloseTo(0.97);
    expect(
      assess('availability', series({ level: 1, shape: () => 100 })),
    ).toEqual({
      status: 'normal',
      signal: 'availability',
      score: 0,
    });
    // A 99.95 % blip on an always-100 % service is no outage; better availability never is.
    expect(
      assess(
        'availability',
        series({ level: 1, shape: t => (after(0)(t) ? 99.95 : 100) }),
      ).status,
    ).toBe('normal');
    expect(
      assess(
        'availability',
        series({ level: 1, shape: t => (after(0)(t) ? 1 : 0.98) }),
      ).status,
    ).toBe('normal');
  });

  it('does not alarm on the smallest change of an all-zero series, but on real errors', () => {
    const zeros = (errors: number) =>
      series({ level: 0, shape: t => (after(0)(t) ? errors : 0) });
    expect(assess('errors', zeros(0)).status).toBe('normal');
    expect(assess('errors', zeros(0.001)).status).toBe('normal');
    expect(anomaly(assess('errors', zeros(0.05))).baseline).toBe(0);
  });

  it('rates cumulative counters, resets included', () => {
    const counter = (rateAfter: number) => {
      let total = 0;
      return series({ level: 10, noise: 0.05 }).map(({ t, v }) => {
        total += (after(0)(t) ? rateAfter : 1) * v * 300;
        // A restart every two days starts the counter again.
        if ((t - AT) % (2 * DAY) === 0) total = 0;
        return { t, v: total };
      });
    };
    expect(assess('requests', counter(1)).status).toBe('normal');
    const surge = anomaly(assess('requests', counter(3)));
    expect(surge.baseline).toBeGreaterThan(9);
    expect(surge.baseline).toBeLessThan(11);
    expect(surge.value).toBeGreaterThan(27);
    // Without the counter reading, a growing total is no anomaly of its own.
    expect(assess('requests', counter(1), { counter: false }).status).toBe(
      'anomalous',
    );
  });

  it('copes with missing samples', () => {
    let kept = 0;
    const gappy = series({
      level: 0.2,
      noise: 0.08,
      shape: (t, v) => (after(0)(t) ? v * 3 : v),
    }).filter(() => kept++ % 3 !== 1);
    const found = anomaly(assess('latency', gappy));
    expect(found.onset).toBeGreaterThanOrEqual(AT);
    expect(found.onset).toBeLessThanOrEqual(AT + 10 * MINUTE);
  });

  it('dates the onset before the window when the anomaly began earlier', () => {
    const verdict = assess(
      'latency',
      series({
        level: 0.2,
        noise: 0.05,
        shape: (t, v) => (t >= AT - 20 * MINUTE ? v * 4 : v),
      }),
    );
    expect(anomaly(verdict).onset).toBe(AT - 20 * MINUTE);
  });

  it('uses only the lookback as history', () => {
    // Two weeks ago the service was ten times slower; the last week is the usual.
    const samples = series({
      level: 0.1,
      noise: 0.05,
      days: 14,
      shape: (t, v) => {
        if (t < AT - 7 * DAY) return v * 10;
        return after(0)(t) ? v * 3 : v;
      },
    });
    expect(assess('latency', samples).status).toBe('anomalous');
    // Over two weeks, the slow week makes three times the usual look normal.
    expect(assess('latency', samples, { lookbackMs: 14 * DAY }).status).toBe(
      'normal',
    );
    expect(assess('latency', samples, { lookbackMs: 30 * MINUTE }).status).toBe(
      'insufficient',
    );
  });

  describe('with the history read apart at an hourly step', () => {
    const HOUR = 60 * MINUTE;
    /** The history on the hour grid before AT, and the samples from two hours before AT on. */
    const split = (samples: MetricSample[]) => ({
      history: samples.filter(s => s.t < AT && s.t % HOUR === 0),
      recent: samples.filter(s => s.t >= AT - ONSET_LOOKBACK_MS),
    });
    const assessSplit = (name: string, samples: MetricSample[]) => {
      const { history, recent } = split(samples);
      return assessSignal(parseSignal(name)!, recent, { at: AT }, history);
    };

    it('finds what the whole series shows, with the same onset', () => {
      const faulty = series({
        level: 0.2,
        noise: 0.1,
        daily: 0.2,
        shape: (t, v) => (t >= AT - 20 * MINUTE ? v * 4 : v),
      });
      const whole = anomaly(assess('latency.p90', faulty));
      const apart = anomaly(assessSplit('latency.p90', faulty));
      expect(apart.onset).toBe(whole.onset);
      expect(apart.earliestOnset).toBe(whole.earliestOnset);
      expect(apart.score / whole.score).toBeGreaterThan(0.7);
      expect(apart.score / whole.score).toBeLessThan(1.3);
      expect(apart.sparkline).toEqual(whole.sparkline);
    });

    it('stays quiet on noise, a daily cycle and lone spikes', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const quiet = series({
          level: 0.3,
          noise: 0.15,
          daily: 0.3,
          seed,
          shape: (t, v) => ((t / (5 * MINUTE)) % 37 === 0 ? v * 8 : v),
        });
        expect(assessSplit('latency.p99', quiet).status).toBe('normal');
      }
    });

    it('reads the recent samples of a counter as the history shows it', () => {
      const counter = (rateAfter: number) => {
        let total = 0;
        return series({ level: 10, noise: 0.05 }).map(({ t, v }) => {
          total += (after(0)(t) ? rateAfter : 1) * v * 300;
          return { t, v: total };
        });
      };
      expect(assessSplit('requests', counter(1)).status).toBe('normal');
      const surge = anomaly(assessSplit('requests', counter(3)));
      expect(surge.baseline).toBeGreaterThan(9);
      expect(surge.baseline).toBeLessThan(11);
      expect(surge.value).toBeGreaterThan(27);
    });

    it('needs enough history of its own', () => {
      const { recent } = split(series({ level: 1 }));
      const verdict = assessSignal(
        parseSignal('latency')!,
        recent,
        { at: AT },
        recent.slice(0, 5),
      );
      expect(verdict).toMatchObject({ status: 'insufficient' });
    });
  });

  it('says when there is too little to judge', () => {
    const short = series({ level: 1, days: 0.05 });
    expect(assess('latency', short)).toMatchObject({ status: 'insufficient' });
    const noWindow = series({ level: 1, windowMinutes: 0 });
    expect(assess('latency', noWindow)).toMatchObject({
      status: 'insufficient',
      reason: 'no sample in the incident window',
    });
    const broken = series({ level: 1 }).map(s => ({ t: s.t, v: NaN }));
    expect(assess('latency', broken).status).toBe('insufficient');
  });
});
