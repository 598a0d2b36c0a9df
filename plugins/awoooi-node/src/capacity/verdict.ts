import type { CapacityVerdict } from '@awoooi/plugin-awoooi-common';

/** Percent thresholds of the capacity scanner (critical above 80 % CPU or 85 % memory, warning above 60 % or 70 %); a value must exceed one to trip it. */
export interface CapacityThresholds {
  cpuWarning: number;
  memoryWarning: number;
  cpuCritical: number;
  memoryCritical: number;
}

export const DEFAULT_CAPACITY_THRESHOLDS: Readonly<CapacityThresholds> =
  Object.freeze({
    cpuWarning: 60,
    memoryWarning: 70,
    cpuCritical: 80,
    memoryCritical: 85,
  });

export interface CapacitySample {
  cpuPercent: number;
  memoryPercent: number;
}

export interface CapacityBreach {
  metric: 'cpu' | 'memory';
  level: Exclude<CapacityVerdict, 'ok'>;
  value: number;
  threshold: number;
}

function check(sample: CapacitySample) {
  const values = [
    ['cpuPercent', sample.cpuPercent],
    ['memoryPercent', sample.memoryPercent],
  ] as const;
  for (const [name, value] of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      // A host without data is not a healthy host: the caller must say so itself.
      throw new RangeError(`${name} must be a finite number, got ${value}`);
    }
  }
}

/**
 * Each metric above a threshold, at the worse level it reaches, worst first.
 * Partial thresholds override the defaults one by one.
 */
export function capacityBreaches(
  sample: CapacitySample,
  thresholds: Partial<CapacityThresholds> = {},
): CapacityBreach[] {
  check(sample);
  const t = { ...DEFAULT_CAPACITY_THRESHOLDS, ...thresholds };
  const metrics = [
    ['cpu', sample.cpuPercent, t.cpuWarning, t.cpuCritical],
    ['memory', sample.memoryPercent, t.memoryWarning, t.memoryCritical],
  ] as const;
  const breaches: CapacityBreach[] = [];
  for (const [metric, value, warning, critical] of metrics) {
    if (value > critical) {
      breaches.push({ metric, level: 'critical', value, threshold: critical });
    } else if (value > warning) {
      breaches.push({ metric, level: 'warning', value, threshold: warning });
    }
  }
  const rank = (b: CapacityBreach) => (b.level === 'critical' ? 0 : 1);
  return breaches.sort((a, b) => rank(a) - rank(b));
}

/** `critical` if cpu > 80 or mem > 85, `warning` if cpu > 60 or mem > 70, else `ok`. */
export function capacityVerdict(
  sample: CapacitySample,
  thresholds: Partial<CapacityThresholds> = {},
): CapacityVerdict {
  return capacityBreaches(sample, thresholds)[0]?.level ?? 'ok';
}

/** Over a hard (critical) threshold: the scanner records a violation event. */
export function isHardViolation(
  sample: CapacitySample,
  thresholds: Partial<CapacityThresholds> = {},
): boolean {
  return capacityVerdict(sample, thresholds) === 'critical';
}
