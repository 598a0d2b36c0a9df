import { nextSlot, parseCron, previousSlot } from './cron';

const at = (iso: string) => new Date(iso);
const prev = (expr: string, zone: string, now: string) =>
  previousSlot(parseCron(expr, zone), at(now))?.toISOString();
const next = (expr: string, zone: string, now: string) =>
  nextSlot(parseCron(expr, zone), at(now))?.toISOString();

describe('zoned cron', () => {
  it('runs 02:00 in Taipei at 18:00 UTC the day before', () => {
    // Taipei is UTC+8 all year: 17:59 UTC is 01:59 the next day there.
    expect(prev('0 2 * * *', 'Asia/Taipei', '2026-11-24T17:59:00Z')).toBe(
      '2026-11-23T18:00:00.000Z',
    );
    expect(prev('0 2 * * *', 'Asia/Taipei', '2026-11-24T18:00:00Z')).toBe(
      '2026-11-24T18:00:00.000Z',
    );
    expect(next('0 2 * * *', 'Asia/Taipei', '2026-11-24T18:00:00Z')).toBe(
      '2026-11-25T18:00:00.000Z',
    );
    expect(prev('0 2 * * *', 'UTC', '2026-11-24T17:59:00Z')).toBe(
      '2026-11-24T02:00:00.000Z',
    );
  });

  it('handles steps, ranges, lists and names', () => {
    expect(prev('*/15 * * * *', 'Asia/Taipei', '2026-11-24T10:44:59Z')).toBe(
      '2026-11-24T10:30:00.000Z',
    );
    expect(next('*/15 * * * *', 'Asia/Taipei', '2026-11-24T10:45:00Z')).toBe(
      '2026-11-24T11:00:00.000Z',
    );
    expect(next('0 9-17/4 * * *', 'UTC', '2026-11-24T13:00:00Z')).toBe(
      '2026-11-24T17:00:00.000Z',
    );
    // 2026-11-24 is a Tuesday.
    expect(next('30 8 * * MON,fri', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2026-11-27T08:30:00.000Z',
    );
    expect(next('0 0 1 JAN *', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(next('0 0 * * 7', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2026-11-29T00:00:00.000Z',
    );
    expect(next('@hourly', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2026-11-24T01:00:00.000Z',
    );
  });

  it('runs when either restricted day field matches', () => {
    // The 1st of the month or any Sunday.
    expect(next('0 0 1 * 0', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2026-11-29T00:00:00.000Z',
    );
    expect(next('0 0 1 * 0', 'UTC', '2026-11-29T00:00:00Z')).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });

  it('finds leap days years away', () => {
    expect(next('0 12 29 2 *', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2028-02-29T12:00:00.000Z',
    );
    expect(prev('0 12 29 2 *', 'UTC', '2026-11-24T00:00:00Z')).toBe(
      '2024-02-29T12:00:00.000Z',
    );
    expect(next('0 0 31 2 *', 'UTC', '2026-11-24T00:00:00Z')).toBeUndefined();
  });

  it('follows daylight saving time in zones that have it', () => {
    // New York: UTC-5 in winter, UTC-4 in summer.
    expect(next('0 2 * * *', 'America/New_York', '2026-11-24T00:00:00Z')).toBe(
      '2026-11-24T07:00:00.000Z',
    );
    expect(next('0 2 * * *', 'America/New_York', '2026-07-01T00:00:00Z')).toBe(
      '2026-07-01T06:00:00.000Z',
    );
    // 02:30 does not exist on 2026-03-08; the slot moves to 03:30 EDT.
    expect(next('30 2 * * *', 'America/New_York', '2026-03-08T05:00:00Z')).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('refuses bad expressions and zones', () => {
    expect(() => parseCron('0 2 * *', 'UTC')).toThrow(/5 fields/);
    expect(() => parseCron('61 * * * *', 'UTC')).toThrow(
      /minute: 61 is outside 0-59/,
    );
    expect(() => parseCron('* * * * funday', 'UTC')).toThrow(/not a number/);
    expect(() => parseCron('*/0 * * * *', 'UTC')).toThrow(/bad step/);
    expect(() => parseCron('5-1 * * * *', 'UTC')).toThrow(/reversed/);
    expect(() => parseCron('* * * * *', 'Mars/Olympus')).toThrow(
      /Unknown time zone 'Mars\/Olympus'/,
    );
  });
});
