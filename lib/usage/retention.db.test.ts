import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '../db/client';
import { usageHours, usageMinutes, usageMonths } from '../db/schema';
import { openTestDb } from '../db/testing';
import { DAY_MS } from './calendar';
import type { MinuteCount } from './meter';
import { usageSeries, usageTotals } from './queries';
import { runUsageRetention, startUsageRetention } from './retention';
import { writeUsage } from './store';
import { usageRow } from './testing';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

const now = new Date('2026-06-15T12:20:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const scope = { customerId: 'cus_ret', environment: 'live' as const };

const minute = (bucket: string, requests: number, extra: Partial<MinuteCount> = {}) =>
  usageRow({ keyId: 'key_ret', ...scope, route: 'GET /api/devices' }, bucket, requests, extra);

describe('usage retention', () => {
  it('rolls minute rows older than 7 days up into hours, keeps hours 90 days and months a year', async () => {
    await writeUsage(
      handle.db,
      [
        // 8 days old: one hour, two minutes of successes and one of refusals.
        minute('2026-06-07T10:05:00Z', 3),
        minute('2026-06-07T10:20:00Z', 4),
        minute('2026-06-07T10:21:00Z', 2, { statusClass: 4, rateLimited: 2 }),
        // Just before the cut-off hour (2026-06-08T12:00Z), and just after it.
        minute('2026-06-08T11:59:00Z', 5),
        minute('2026-06-08T12:01:00Z', 6),
        // Recent.
        minute('2026-06-15T11:00:00Z', 7),
      ],
      [],
    );
    // An hour that already holds rolled-up rows, one past 90 days and one within them.
    await handle.db
      .insert(usageHours)
      .values([
        { ...minute('2026-06-07T10:00:00Z', 10) },
        { ...minute('2026-03-16T11:00:00Z', 100) },
        { ...minute('2026-03-17T13:00:00Z', 1000) },
      ]);
    await handle.db.insert(usageMonths).values([
      { ...scope, month: new Date('2025-05-01T00:00:00Z'), used: 1 },
      { ...scope, month: new Date('2025-06-01T00:00:00Z'), used: 2 },
      { ...scope, month: new Date('2026-06-01T00:00:00Z'), used: 3 },
    ]);
    const kept = { ...scope, from: ago(89 * DAY_MS), to: now };
    const before = await usageTotals(handle.db, kept);
    const hourly = (from: string, to: string) =>
      usageSeries(handle.db, { ...scope, from: new Date(from), to: new Date(to) }, 'hour');
    const hoursBefore = await hourly('2026-06-07T10:00:00Z', '2026-06-08T13:00:00Z');

    // Two passes at once (two instances): every row is moved by exactly one.
    const [first, second] = await Promise.all([
      runUsageRetention(handle.db, now),
      runUsageRetention(handle.db, now),
    ]);
    expect(first.minutesRolledUp + second.minutesRolledUp).toBe(4);
    expect(first.hoursDeleted + second.hoursDeleted).toBe(1);
    expect(first.monthsDeleted + second.monthsDeleted).toBe(1);
    expect(await runUsageRetention(handle.db, now)).toEqual({
      minutesRolledUp: 0,
      hoursDeleted: 0,
      monthsDeleted: 0,
    });

    const minutes = await handle.db.select().from(usageMinutes);
    expect(minutes.map((m) => m.bucket.toISOString()).sort()).toEqual([
      '2026-06-08T12:01:00.000Z',
      '2026-06-15T11:00:00.000Z',
    ]);
    const hours = await handle.db.select().from(usageHours);
    expect(
      hours.map((h) => [h.bucket.toISOString(), h.statusClass, h.requests, h.rateLimited]).sort(),
    ).toEqual([
      ['2026-03-17T13:00:00.000Z', 2, 1000, 0],
      ['2026-06-07T10:00:00.000Z', 2, 17, 0],
      ['2026-06-07T10:00:00.000Z', 4, 2, 2],
      ['2026-06-08T11:00:00.000Z', 2, 5, 0],
    ]);
    // Nothing within the retention windows was lost or counted twice.
    expect(await usageTotals(handle.db, kept)).toEqual(before);
    expect(await hourly('2026-06-07T10:00:00Z', '2026-06-08T13:00:00Z')).toEqual(hoursBefore);
    const months = await handle.db.select().from(usageMonths);
    expect(months.map((m) => m.month.toISOString()).sort()).toEqual([
      '2025-06-01T00:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
    // Past 90 days, nothing is left.
    expect(
      await usageTotals(handle.db, { ...scope, from: ago(92 * DAY_MS), to: ago(90 * DAY_MS) }),
    ).toMatchObject({ requests: 0 });
  });

  it('runs by itself shortly after start, then every interval, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const passes: unknown[] = [];
    try {
      await writeUsage(handle.db, [minute('2026-06-01T10:00:00Z', 9, { keyId: 'key_job' })], []);
      const job = startUsageRetention({
        getDb: async () => handle.db,
        clock: () => now,
        intervalMs: 60_000,
        log: (entry) => passes.push(entry),
      });
      vi.advanceTimersByTime(4_999);
      expect(passes).toEqual([]);
      vi.advanceTimersByTime(1);
      await vi.waitFor(() => expect(passes).toHaveLength(1));
      expect(passes[0]).toMatchObject({ msg: 'usage retention', minutesRolledUp: 1 });
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(() => expect(passes).toHaveLength(2));
      await job.stop();
      vi.advanceTimersByTime(600_000);
      expect(passes).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
