import { describe, expect, it } from 'vitest';
import { bucketStart, bucketStarts, monthStart, nextMonthStart, secondsUntil } from './calendar';

const at = (iso: string) => new Date(iso);

describe('UTC calendar', () => {
  it('finds the month and the next month in UTC, across the year and in leap years', () => {
    expect(monthStart(at('2026-03-31T23:59:59.999Z'))).toEqual(at('2026-03-01T00:00:00Z'));
    expect(nextMonthStart(at('2026-03-31T23:59:59.999Z'))).toEqual(at('2026-04-01T00:00:00Z'));
    expect(nextMonthStart(at('2026-12-15T12:00:00Z'))).toEqual(at('2027-01-01T00:00:00Z'));
    expect(nextMonthStart(at('2028-02-01T00:00:00Z'))).toEqual(at('2028-03-01T00:00:00Z'));
    // 23:30 on March 31st in New York is already April in UTC.
    expect(monthStart(at('2026-03-31T23:30:00-04:00'))).toEqual(at('2026-04-01T00:00:00Z'));
  });

  it('counts whole seconds up, at least one', () => {
    expect(secondsUntil(at('2026-03-31T23:59:30Z'), at('2026-04-01T00:00:00Z'))).toBe(30);
    expect(secondsUntil(at('2026-03-31T23:59:59.001Z'), at('2026-04-01T00:00:00Z'))).toBe(1);
    expect(secondsUntil(at('2026-04-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(1);
    expect(secondsUntil(at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(31 * 86400);
  });

  it('cuts minutes, hours and days', () => {
    const t = at('2026-03-02T08:17:45.5Z');
    expect(bucketStart(t, 'minute')).toEqual(at('2026-03-02T08:17:00Z'));
    expect(bucketStart(t, 'hour')).toEqual(at('2026-03-02T08:00:00Z'));
    expect(bucketStart(t, 'day')).toEqual(at('2026-03-02T00:00:00Z'));
    expect(bucketStarts(at('2026-03-02T08:30:00Z'), at('2026-03-02T11:00:00Z'), 'hour')).toEqual([
      at('2026-03-02T08:00:00Z'),
      at('2026-03-02T09:00:00Z'),
      at('2026-03-02T10:00:00Z'),
    ]);
  });
});
