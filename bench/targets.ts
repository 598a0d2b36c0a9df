/**
 * The benchmarks' targets, in one place, and the lines that say when a
 * figure misses one. `yarn bench` prints a "below target" line per miss.
 */
export interface Figure {
  /** What was measured, e.g. `pipeline (PostgreSQL) ingest`. */
  label: string;
  value: number;
  unit: string;
  /** The figure must stay under this. */
  below?: number;
  /** The figure must reach at least this. */
  atLeast?: number;
}

function show(value: number, unit: string) {
  const rounded = Number.isInteger(value) ? value : Number(value.toFixed(2));
  return `${rounded}${unit.startsWith('x') ? '' : ' '}${unit}`;
}

/** Whether the figure meets its target (a figure without one always does). */
export function meetsTarget(f: Figure): boolean {
  if (f.below !== undefined && !(f.value < f.below)) return false;
  if (f.atLeast !== undefined && !(f.value >= f.atLeast)) return false;
  return true;
}

/** `below target: pipeline ingest 1500 alerts/s (target ≥ 2000 alerts/s)`. */
export function belowTargetLine(f: Figure): string | undefined {
  if (meetsTarget(f)) return undefined;
  const target =
    f.below !== undefined
      ? `< ${show(f.below, f.unit)}`
      : `≥ ${show(f.atLeast!, f.unit)}`;
  return `below target: ${f.label} ${show(f.value, f.unit)} (target ${target})`;
}

/** One "below target" line per miss, or one line saying every figure met its target. */
export function targetReport(figures: Figure[]): string[] {
  const misses = figures.map(belowTargetLine).filter((l): l is string => !!l);
  const checked = figures.filter(
    f => f.below !== undefined || f.atLeast !== undefined,
  ).length;
  return misses.length
    ? misses
    : [`all ${checked} figures with a target meet it`];
}
