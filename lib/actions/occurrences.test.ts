import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isIanaTimeZone, nextOccurrence } from './occurrences';
import type { WeeklyRule } from './types';
import { WEEKDAYS } from './types';

/** The first `count` occurrences strictly after `from`, as ISO instants. */
function occurrences(rule: WeeklyRule, from: string, count: number): string[] {
  const out: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i++) {
    after = nextOccurrence(rule, after);
    out.push(after.toISOString());
  }
  return out;
}

const everyDay = [...WEEKDAYS];

describe('nextOccurrence: Europe/Amsterdam (CET/CEST), 2026', () => {
  it('keeps the local time across the spring change (29 March, 02:00 → 03:00)', () => {
    const rule: WeeklyRule = { days: everyDay, time: '08:00', timezone: 'Europe/Amsterdam' };
    expect(occurrences(rule, '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T07:00:00.000Z', // 08:00 CET (+01:00)
      '2026-03-29T06:00:00.000Z', // 08:00 CEST (+02:00)
      '2026-03-30T06:00:00.000Z',
    ]);
  });

  it('fires a skipped local time just after the jump (02:30 → 03:30 CEST)', () => {
    const rule: WeeklyRule = { days: ['sun'], time: '02:30', timezone: 'Europe/Amsterdam' };
    expect(occurrences(rule, '2026-03-21T00:00:00Z', 3)).toEqual([
      '2026-03-22T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2026-04-05T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fires a repeated local time once, at its first instance (25 October, 03:00 → 02:00)', () => {
    const rule: WeeklyRule = { days: ['sun'], time: '02:30', timezone: 'Europe/Amsterdam' };
    expect(occurrences(rule, '2026-10-17T00:00:00Z', 3)).toEqual([
      '2026-10-18T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); not again at 01:30Z (CET)
      '2026-11-01T01:30:00.000Z', // 02:30 CET
    ]);
    // Asked from between the two 02:30s, the next one is a week later.
    expect(nextOccurrence(rule, new Date('2026-10-25T01:00:00Z')).toISOString()).toBe(
      '2026-11-01T01:30:00.000Z',
    );
  });

  it('keeps the local time across the autumn change', () => {
    const rule: WeeklyRule = {
      days: ['sat', 'sun', 'mon'],
      time: '22:15',
      timezone: 'Europe/Amsterdam',
    };
    expect(occurrences(rule, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T20:15:00.000Z', // CEST
      '2026-10-25T21:15:00.000Z', // CET
      '2026-10-26T21:15:00.000Z',
    ]);
  });
});

describe('nextOccurrence: America/New_York (EST/EDT), 2026', () => {
  it('spring (8 March, 02:00 → 03:00): 02:30 fires at 03:30 EDT that day', () => {
    const rule: WeeklyRule = { days: everyDay, time: '02:30', timezone: 'America/New_York' };
    expect(occurrences(rule, '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST (-05:00)
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT (-04:00)
    ]);
  });

  it('autumn (1 November, 02:00 → 01:00): 01:30 fires once', () => {
    const rule: WeeklyRule = { days: everyDay, time: '01:30', timezone: 'America/New_York' };
    expect(occurrences(rule, '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00.000Z', // EDT
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); not again at 06:30Z (EST)
      '2026-11-02T06:30:00.000Z', // EST
    ]);
  });
});

describe('nextOccurrence: days and times', () => {
  it('picks only the listed weekdays, later today first', () => {
    const rule: WeeklyRule = { days: ['mon', 'wed'], time: '18:00', timezone: 'UTC' };
    // 2026-06-01 is a Monday.
    expect(occurrences(rule, '2026-06-01T17:59:00Z', 4)).toEqual([
      '2026-06-01T18:00:00.000Z',
      '2026-06-03T18:00:00.000Z',
      '2026-06-08T18:00:00.000Z',
      '2026-06-10T18:00:00.000Z',
    ]);
    // Exactly at an occurrence: the next one, never the same instant again.
    expect(nextOccurrence(rule, new Date('2026-06-01T18:00:00Z')).toISOString()).toBe(
      '2026-06-03T18:00:00.000Z',
    );
  });

  it('reads the weekday in the schedule’s time zone, not in UTC', () => {
    // 23:30 on Monday in Tokyo is 14:30 UTC on Monday; on Sunday 23:30 Los Angeles is Monday UTC.
    const tokyo: WeeklyRule = { days: ['mon'], time: '23:30', timezone: 'Asia/Tokyo' };
    expect(nextOccurrence(tokyo, new Date('2026-06-01T00:00:00Z')).toISOString()).toBe(
      '2026-06-01T14:30:00.000Z',
    );
    const la: WeeklyRule = { days: ['sun'], time: '23:30', timezone: 'America/Los_Angeles' };
    expect(nextOccurrence(la, new Date('2026-06-01T00:00:00Z')).toISOString()).toBe(
      '2026-06-01T06:30:00.000Z',
    );
  });
});

describe('time zones', () => {
  it('accepts IANA names and refuses offsets and inventions', () => {
    for (const name of ['Europe/Amsterdam', 'America/New_York', 'UTC', 'Asia/Kolkata']) {
      expect(isIanaTimeZone(name)).toBe(true);
    }
    for (const name of ['+01:00', 'Europe/Atlantis', '', 'CET ', '../etc/passwd', 'x'.repeat(65)]) {
      expect(isIanaTimeZone(name)).toBe(false);
    }
    expect(canonicalTimeZone('europe/amsterdam')).toBe('Europe/Amsterdam');
  });
});
