import { DateTime } from 'luxon';

/**
 * Five-field cron (minute hour day-of-month month day-of-week) evaluated in a
 * time zone with luxon, because Backstage's scheduler runs cron in the
 * process's zone only. Supports `*`, numbers, `a-b`, lists, steps (`*\/15`,
 * `a-b/n`, `a/n`), month and weekday names, 7 as Sunday and the macros
 * `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`. As in Vixie cron,
 * when both day fields are restricted a day matching either one runs.
 */
export interface ZonedCron {
  expression: string;
  timeZone: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: ReadonlySet<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};
const MONTH_NAMES = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(
  ' ',
);
const DAY_NAMES = 'sun mon tue wed thu fri sat'.split(' ');

function parseField(
  text: string,
  label: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): Set<number> {
  const value = (token: string) => {
    const named = names.indexOf(token.toLowerCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!/^\d+$/.test(token) && named < 0) {
      throw new Error(`cron ${label}: '${token}' is not a number`);
    }
    if (n < min || n > max) {
      throw new Error(`cron ${label}: ${n} is outside ${min}-${max}`);
    }
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) {
      throw new Error(`cron ${label}: bad step in '${part}'`);
    }
    let low: number;
    let high: number;
    if (range === '*') {
      [low, high] = [min, max];
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [low, high] = [value(a), value(b)];
      if (low > high)
        throw new Error(`cron ${label}: range '${range}' is reversed`);
    } else {
      low = value(range);
      high = stepText === undefined ? low : max;
    }
    for (let n = low; n <= high; n += step) out.add(n);
  }
  return out;
}

export function parseCron(expression: string, timeZone: string): ZonedCron {
  if (!DateTime.now().setZone(timeZone).isValid) {
    throw new Error(`Unknown time zone '${timeZone}'`);
  }
  const source = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const fields = source.split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(
      `Cron '${expression}' must have 5 fields (minute hour day month weekday)`,
    );
  }
  const [minute, hour, day, month, weekday] = fields;
  const weekdays = parseField(weekday, 'weekday', 0, 7, DAY_NAMES);
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    expression,
    timeZone,
    minutes: parseField(minute, 'minute', 0, 59),
    hours: parseField(hour, 'hour', 0, 23),
    days: parseField(day, 'day', 1, 31),
    months: parseField(month, 'month', 1, 12, MONTH_NAMES, 1),
    weekdays,
    daysRestricted: !day.startsWith('*'),
    weekdaysRestricted: !weekday.startsWith('*'),
  };
}

function dayMatches(cron: ZonedCron, date: DateTime): boolean {
  if (!cron.months.has(date.month)) return false;
  const byDay = cron.days.has(date.day);
  const byWeekday = cron.weekdays.has(date.weekday % 7);
  if (cron.daysRestricted && cron.weekdaysRestricted) return byDay || byWeekday;
  if (cron.daysRestricted) return byDay;
  if (cron.weekdaysRestricted) return byWeekday;
  return true;
}

const descending = (set: ReadonlySet<number>) => [...set].sort((a, b) => b - a);
const ascending = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

/** Wall-clock time in the cron's zone as an instant (DST gaps move forward, as luxon does). */
function instant(cron: ZonedCron, day: DateTime, hour: number, minute: number) {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: cron.timeZone },
  );
}

// Eight years covers every leap-day and weekday combination.
const SEARCH_DAYS = 8 * 366;

/** The latest slot at or before `now`, or undefined when none is in reach. */
export function previousSlot(cron: ZonedCron, now: Date): Date | undefined {
  const local = DateTime.fromJSDate(now).setZone(cron.timeZone);
  const today = local.startOf('day');
  const hours = descending(cron.hours);
  const minutes = descending(cron.minutes);
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = today.minus({ days: offset });
    if (!dayMatches(cron, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const slot = instant(cron, day, hour, minute);
        if (slot.toMillis() <= now.getTime()) return slot.toJSDate();
      }
    }
  }
  return undefined;
}

/** The first slot strictly after `now`. */
export function nextSlot(cron: ZonedCron, now: Date): Date | undefined {
  const local = DateTime.fromJSDate(now).setZone(cron.timeZone);
  const today = local.startOf('day');
  const hours = ascending(cron.hours);
  const minutes = ascending(cron.minutes);
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = today.plus({ days: offset });
    if (!dayMatches(cron, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const slot = instant(cron, day, hour, minute);
        if (slot.toMillis() > now.getTime()) return slot.toJSDate();
      }
    }
  }
  return undefined;
}
