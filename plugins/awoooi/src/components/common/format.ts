/** Whole-unit currency, e.g. `$1,240`; cents only below 100 so small sums still read. */
export function formatCurrency(amount: number, currency = 'USD'): string {
  const digits = Math.abs(amount) < 100 && amount % 1 !== 0 ? 2 : 0;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    // An unknown currency code must not break the page.
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "in 2 hours", "just now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown time';
  const seconds = Math.round((at - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return relative.format(Math.trunc(seconds / size), unit);
    }
  }
  return Math.abs(seconds) < 45
    ? 'just now'
    : relative.format(seconds, 'second');
}

/** Absolute time for tooltips: `2026-11-24 14:03 UTC` in the browser's locale. */
export function formatTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** Hours between two instants (`to` defaults to now), never negative. */
export function hoursBetween(fromIso: string, to: number = Date.now()): number {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return 0;
  return Math.max(0, (to - from) / 3_600_000);
}

/** `secret_rotated` → `Secret rotated`. */
export function humanize(identifier: string): string {
  const text = identifier.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}

/** A percentage already on the 0–100 scale: `81.4` → `81%`. */
export function formatPercent(value: number): string {
  return `${Math.round(value)}%`;
}
