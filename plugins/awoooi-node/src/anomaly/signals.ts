/** Golden-signal families a metric series can belong to. */
export type SignalFamily =
  | 'latency'
  | 'availability'
  | 'errors'
  | 'requests'
  | 'saturation'
  | 'cpu'
  | 'memory';

/** Which way a series moves when the entity is in trouble. */
export type SignalDirection = 'up' | 'down' | 'both';

export interface SignalInfo {
  /** The name as given, lower-cased: `latency.p90`, `availability`, … */
  name: string;
  family: SignalFamily;
  /** Latency statistic (`avg`, `p50`, `p90`, `p95`, `p99`), when named. */
  statistic?: string;
  direction: SignalDirection;
}

const DIRECTIONS: Record<SignalFamily, SignalDirection> = {
  latency: 'up',
  availability: 'down',
  errors: 'up',
  // Traffic that collapses is as telling as traffic that floods in.
  requests: 'both',
  saturation: 'up',
  cpu: 'up',
  memory: 'up',
};

const LATENCY_STATISTIC = /^(avg|mean|p\d{1,2}(\.\d+)?|max)$/;

/**
 * The family and direction of a signal name, or undefined when the name is
 * not a signal this analysis knows. Only latency takes a statistic suffix.
 */
export function parseSignal(input: string): SignalInfo | undefined {
  const name = input.trim().toLocaleLowerCase('en-US');
  const dot = name.indexOf('.');
  const family = (dot === -1 ? name : name.slice(0, dot)) as SignalFamily;
  if (!Object.prototype.hasOwnProperty.call(DIRECTIONS, family)) {
    return undefined;
  }
  if (dot === -1) return { name, family, direction: DIRECTIONS[family] };
  const statistic = name.slice(dot + 1);
  if (family !== 'latency' || !LATENCY_STATISTIC.test(statistic)) {
    return undefined;
  }
  return { name, family, statistic, direction: DIRECTIONS[family] };
}

/** True when `signal` is `wanted` or one of its statistics (`latency` ⊇ `latency.p90`). */
export function signalMatches(signal: string, wanted: string): boolean {
  const a = signal.toLocaleLowerCase('en-US');
  const b = wanted.trim().toLocaleLowerCase('en-US');
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}
