/**
 * Recorded golden signals for the anomaly benchmark: per entity a profile of
 * signals with daily traffic cycles, noise, lone spikes, missing points and
 * scrape gaps, constant series, several latency statistics, availability in
 * percent or as a fraction and cumulative request counters, all bent by the
 * effects (faults, their symptoms, unrelated anomalies) active at each time.
 */
type Random = () => number;

export const STEP_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Multipliers (additions for errors) an incident applies to an entity's signals. */
export interface Effect {
  latency: number;
  errors: number;
  saturation: number;
  cpu: number;
  memory: number;
  requests: number;
}

export const NO_EFFECT: Effect = {
  latency: 1,
  errors: 0,
  saturation: 1,
  cpu: 1,
  memory: 1,
  requests: 1,
};

/** An effect that starts at `onset` and reaches full strength one step later. */
export interface TimedEffect {
  onset: number;
  effect: Partial<Effect>;
}

export function effectAt(effects: readonly TimedEffect[], t: number): Effect {
  const out = { ...NO_EFFECT };
  for (const { onset, effect } of effects) {
    if (t < onset) continue;
    const ramp = Math.min(1, (t - onset) / STEP_MS + 0.5);
    for (const key of Object.keys(effect) as Array<keyof Effect>) {
      const value = effect[key] as number;
      if (key === 'errors') out.errors += value * ramp;
      else out[key] *= 1 + (value - 1) * ramp;
    }
  }
  return out;
}

export type EntityClass =
  | 'database'
  | 'cache'
  | 'queue'
  | 'resource'
  | 'service';

type Generator = (t: number, traffic: number, e: Effect) => number;

interface SignalPlan {
  signal: string;
  value: Generator;
  counter?: boolean;
  /** Share of lone spikes (× 2–8) that are not incidents. */
  spikes?: number;
}

const between = (random: Random, low: number, high: number) =>
  low + random() * (high - low);

/** Roughly normal noise around 1 with the given relative deviation. */
function noise(random: Random, sigma: number) {
  return 1 + sigma * 2 * (random() + random() + random() - 1.5);
}

function latencyPlans(
  random: Random,
  base: number,
  statistics: string[],
): SignalPlan[] {
  const shape: Record<string, [number, number]> = {
    'latency.p50': [1, 0.05],
    'latency.avg': [1.3, 0.05],
    'latency.p90': [2.2, 0.08],
    'latency.p95': [3, 0.1],
    'latency.p99': [4.5, 0.15],
  };
  return statistics.map(signal => {
    const [factor, sigma] = shape[signal];
    return {
      signal,
      spikes: signal === 'latency.p99' ? 0.01 : 0.003,
      value: (_, traffic, e) =>
        base *
        factor *
        (1 + 0.15 * (traffic - 1)) *
        e.latency *
        noise(random, sigma),
    };
  });
}

function errorPlans(random: Random, percent: boolean): SignalPlan[] {
  // Most services have no errors at all most of the time: a constant 0 and 100 %.
  const usual = random() < 0.6 ? 0 : between(random, 0.0005, 0.005);
  const ratio = (e: Effect) =>
    Math.min(1, usual * Math.max(0, noise(random, 0.4)) + e.errors);
  const plans: SignalPlan[] = [
    { signal: 'errors', value: (_, __, e) => ratio(e) },
  ];
  plans.push({
    signal: 'availability',
    value: (_, __, e) => {
      const fraction = 1 - ratio(e);
      return percent ? Math.round(fraction * 10000) / 100 : fraction;
    },
  });
  return plans;
}

function servicePlans(random: Random): SignalPlan[] {
  const level = between(random, 20, 500);
  const plans: SignalPlan[] = [
    {
      signal: 'requests',
      counter: random() < 0.3,
      value: (_, traffic, e) =>
        level * traffic * e.requests * noise(random, 0.05),
    },
    ...latencyPlans(random, between(random, 0.01, 0.15), [
      'latency.avg',
      'latency.p50',
      'latency.p90',
      'latency.p99',
    ]),
    ...errorPlans(random, random() < 0.5),
  ];
  const cpu = between(random, 0.15, 0.5);
  plans.push({
    signal: 'cpu',
    value: (_, traffic, e) =>
      Math.min(1, cpu * (0.6 + 0.4 * traffic) * e.cpu * noise(random, 0.05)),
  });
  const memory = between(random, 0.3, 0.7);
  const flatMemory = random() < 0.3;
  plans.push({
    signal: 'memory',
    value: (_, __, e) =>
      Math.min(1, memory * e.memory * (flatMemory ? 1 : noise(random, 0.01))),
  });
  return plans;
}

function resourcePlans(random: Random, kind: EntityClass): SignalPlan[] {
  const saturation = between(random, 0.1, 0.4);
  const saturated = (traffic: number, e: Effect) =>
    Math.min(1, saturation * traffic * e.saturation * noise(random, 0.05));
  switch (kind) {
    case 'database':
      return [
        ...latencyPlans(random, between(random, 0.002, 0.02), [
          'latency.avg',
          'latency.p99',
        ]),
        {
          signal: 'saturation',
          value: (_, traffic, e) => saturated(traffic, e),
        },
        {
          signal: 'cpu',
          value: (_, traffic, e) =>
            Math.min(1, 0.3 * traffic * e.cpu * noise(random, 0.05)),
        },
      ];
    case 'cache': {
      const memory = between(random, 0.6, 0.8);
      return [
        ...latencyPlans(random, between(random, 0.0003, 0.002), [
          'latency.avg',
          'latency.p99',
        ]),
        {
          signal: 'memory',
          value: (_, __, e) => Math.min(1, memory * e.memory),
        },
        { signal: 'errors', value: (_, __, e) => e.errors },
      ];
    }
    case 'queue': {
      const backlog = between(random, 5, 80);
      const rate = between(random, 50, 400);
      return [
        {
          signal: 'saturation',
          spikes: 0.01,
          value: (_, traffic, e) =>
            backlog *
            traffic *
            e.saturation *
            Math.max(0.2, noise(random, 0.25)),
        },
        {
          signal: 'requests',
          counter: random() < 0.5,
          value: (_, traffic, e) =>
            rate * traffic * e.requests * noise(random, 0.05),
        },
      ];
    }
    default:
      return [
        ...latencyPlans(random, between(random, 0.01, 0.05), ['latency.p90']),
        {
          signal: 'saturation',
          value: (_, traffic, e) => saturated(traffic, e),
        },
      ];
  }
}

/** The signals an entity of this class exposes; some are left out unless `all`. */
export function signalPlans(
  random: Random,
  kind: EntityClass,
  all = false,
): SignalPlan[] {
  const plans =
    kind === 'service' ? servicePlans(random) : resourcePlans(random, kind);
  return plans.filter(() => random() < 0.85 || all);
}

export interface SeriesWindow {
  from: number;
  to: number;
  /** Phase of the users' day for this entity (ms). */
  phase: number;
}

/** CSV rows `timestamp,entity,signal,value` of one entity, into `out`. */
export function writeEntityRows(
  random: Random,
  out: string[],
  entity: string,
  plans: readonly SignalPlan[],
  effects: readonly TimedEffect[],
  window: SeriesWindow,
  time: (t: number) => string,
): void {
  const dailySwing = between(random, 0.2, 0.5);
  for (const plan of plans) {
    let total = 0;
    const gapStart =
      random() < 0.3 ? window.from + random() * (window.to - window.from) : NaN;
    const gapEnd = gapStart + between(random, 6, 24) * STEP_MS;
    for (let t = window.from; t < window.to; t += STEP_MS) {
      const traffic =
        1 + dailySwing * Math.sin((2 * Math.PI * (t + window.phase)) / DAY_MS);
      let value = plan.value(t, traffic, effectAt(effects, t));
      if (plan.spikes && random() < plan.spikes) value *= between(random, 2, 8);
      if (plan.counter) {
        // A restart now and then starts the counter again from zero.
        total = random() < 0.002 ? 0 : total + value * (STEP_MS / 1000);
        value = total;
      }
      if (random() < 0.02 || (t >= gapStart && t < gapEnd)) continue;
      out.push(
        `${time(t)},${entity},${plan.signal},${Number(value.toPrecision(6))}`,
      );
    }
  }
}
