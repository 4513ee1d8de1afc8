import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomer, seedDevice, seedKey } from '../api/test-fixtures';
import { updateCustomer } from '../customers';
import type { DbHandle } from '../db/client';
import { apiKeys, live, usageHours } from '../db/schema';
import { openTestDb } from '../db/testing';
import { revokeApiKey } from '../keys';
import { allowanceUse } from './allowance-use';
import { HOUR_MS } from './calendar';
import type { MinuteCount } from './meter';
import { monthQuotaUsage } from './month';
import {
  listKeyRates,
  usageByKey,
  usageByRoute,
  usageSeries,
  usageSeriesBy,
  usageTotals,
} from './queries';
import { writeUsage } from './store';
import { usageRow } from './testing';
import { findUnusualPatterns } from './unusual';

/** The read side the dashboard's usage page is built on, over rows written as the flush writes them. */

let handle: DbHandle;
let alpha: { keyId: string };
let beta: { keyId: string };
const now = new Date('2026-07-10T12:30:00Z');
const scope = { customerId: 'cus_read', environment: 'live' as const };

const row = (keyId: string, bucket: string, requests: number, extra: Partial<MinuteCount> = {}) =>
  usageRow({ keyId, ...scope, route: 'GET /api/{deviceType}/{deviceId}' }, bucket, requests, extra);

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_read', { liveEnabled: true });
  await seedCustomer(handle.db, 'cus_other', { liveEnabled: true });
  alpha = await seedKey(handle.db, 'cus_read', 'live');
  beta = await seedKey(handle.db, 'cus_read', 'live');
  await handle.db.update(apiKeys).set({ name: 'alpha' }).where(eq(apiKeys.id, alpha.keyId));
  await revokeApiKey(handle.db, beta.keyId, now);
  const a = alpha.keyId;
  const b = beta.keyId;
  await writeUsage(
    handle.db,
    [
      row(a, '2026-07-10T10:15:00Z', 40),
      row(a, '2026-07-10T10:15:00Z', 6, { statusClass: 4, rateLimited: 4 }),
      row(a, '2026-07-10T10:16:00Z', 10, { route: 'GET /api/devices' }),
      row(a, '2026-07-10T11:59:00Z', 4, { statusClass: 5 }),
      row(b, '2026-07-10T11:00:00Z', 20, { route: 'POST /api/journey/sessions' }),
      row(b, '2026-07-10T11:01:00Z', 2, { statusClass: 4, quotaRefused: 2 }),
      // Another customer, and this customer's sandbox: never in cus_read's live figures.
      { ...row('key_x', '2026-07-10T10:15:00Z', 500), customerId: 'cus_other' },
      { ...row('key_sbx', '2026-07-10T10:15:00Z', 700), environment: 'sandbox' as const },
    ],
    [{ ...scope, month: new Date('2026-07-01T00:00:00Z'), used: 82 }],
  );
  // Older usage, already rolled up into hours.
  await handle.db.insert(usageHours).values([row(a, '2026-07-01T09:00:00Z', 300)]);
});
afterAll(() => handle?.close());

const today = {
  ...scope,
  from: new Date('2026-07-10T10:00:00Z'),
  to: new Date('2026-07-10T13:00:00Z'),
};

describe('usage over time', () => {
  it('gives requests, errors and refusals per bucket, zeros included', async () => {
    const hours = await usageSeries(handle.db, today, 'hour');
    expect(hours.map((p) => [p.start.toISOString(), p.requests, p.errorRate])).toEqual([
      ['2026-07-10T10:00:00.000Z', 56, 0.1071],
      ['2026-07-10T11:00:00.000Z', 26, 0.2308],
      ['2026-07-10T12:00:00.000Z', 0, 0],
    ]);
    expect(hours[0]).toMatchObject({ clientErrors: 6, rateLimited: 4, quotaRefused: 0 });
    expect(hours[1]).toMatchObject({ clientErrors: 2, serverErrors: 4, quotaRefused: 2 });
    const minutes = await usageSeries(
      handle.db,
      { ...today, to: new Date('2026-07-10T10:17:00Z') },
      'minute',
    );
    expect(minutes).toHaveLength(17);
    expect(minutes.slice(-2).map((p) => p.requests)).toEqual([46, 10]);
  });

  it('adds minute and hour rows in hour and day buckets', async () => {
    const days = await usageSeries(
      handle.db,
      { ...scope, from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-07-11T00:00:00Z') },
      'day',
    );
    expect(days).toHaveLength(10);
    expect(days[0]?.requests).toBe(300);
    expect(days[9]?.requests).toBe(82);
    expect(days.slice(1, 9).every((d) => d.requests === 0)).toBe(true);
  });

  it('splits the series per key and per route, busiest first', async () => {
    const byKey = await usageSeriesBy(handle.db, today, 'hour', 'key');
    expect(byKey.map((s) => [s.group, s.totals.requests, s.points.map((p) => p.requests)])).toEqual(
      [
        [alpha.keyId, 60, [56, 4, 0]],
        [beta.keyId, 22, [0, 22, 0]],
      ],
    );
    const byRoute = await usageSeriesBy(handle.db, today, 'hour', 'route');
    expect(byRoute.map((s) => [s.group, s.totals.requests])).toEqual([
      ['GET /api/{deviceType}/{deviceId}', 52],
      ['POST /api/journey/sessions', 20],
      ['GET /api/devices', 10],
    ]);
    const onlyBeta = await usageSeries(handle.db, { ...today, keyId: beta.keyId }, 'hour');
    expect(onlyBeta.map((p) => p.requests)).toEqual([0, 22, 0]);
  });
});

describe('usage tables', () => {
  it('totals the range, with the rate-limited and quota-refused requests', async () => {
    expect(await usageTotals(handle.db, today)).toEqual({
      requests: 82,
      clientErrors: 8,
      serverErrors: 4,
      rateLimited: 4,
      quotaRefused: 2,
      errorRate: 0.1463,
    });
  });

  it('totals per key with its name and prefix (never the key), and per route', async () => {
    const keys = await usageByKey(handle.db, today);
    expect(keys).toEqual([
      expect.objectContaining({
        keyId: alpha.keyId,
        name: 'alpha',
        prefix: expect.stringMatching(/^amps_sk_live_/),
        revoked: false,
        requests: 60,
        clientErrors: 6,
        serverErrors: 4,
        rateLimited: 4,
        errorRate: 0.1667,
      }),
      expect.objectContaining({ keyId: beta.keyId, name: null, revoked: true, quotaRefused: 2 }),
    ]);
    const routes = await usageByRoute(handle.db, today);
    expect(routes.map((r) => [r.route, r.requests, r.errorRate])).toEqual([
      ['GET /api/{deviceType}/{deviceId}', 52, 0.2308],
      ['POST /api/journey/sessions', 20, 0],
      ['GET /api/devices', 10, 0],
    ]);
  });
});

describe("the month's quota", () => {
  it('shows what the month used against the plan, and when it renews', async () => {
    expect(await monthQuotaUsage(handle.db, 'cus_read', 'live', now)).toEqual({
      month: new Date('2026-07-01T00:00:00Z'),
      used: 82,
      limit: 100_000,
      remaining: 99_918,
      resetsAt: new Date('2026-08-01T00:00:00Z'),
    });
    await updateCustomer(handle.db, { customerId: 'cus_read', monthlyQuota: 50 });
    expect(await monthQuotaUsage(handle.db, 'cus_read', 'live', now)).toMatchObject({
      limit: 50,
      remaining: 0,
    });
    expect(await monthQuotaUsage(handle.db, 'cus_read', 'sandbox', now)).toMatchObject({
      used: 0,
      limit: null,
      remaining: null,
    });
    expect(await monthQuotaUsage(handle.db, 'cus_nope', 'live', now)).toBeUndefined();
  });
});

describe('allowance use', () => {
  it('counts live devices within allowance and beyond, in total and per OEM', async () => {
    await seedCustomer(handle.db, 'cus_caps', { liveEnabled: true });
    await updateCustomer(handle.db, {
      customerId: 'cus_caps',
      globalCap: 10,
      oemCaps: { volta: 2, helios: 5 },
    });
    for (let i = 0; i < 3; i++) await seedDevice(handle.db, 'live', 'cus_caps', { oem: 'volta' });
    await seedDevice(handle.db, 'live', 'cus_caps', { oem: 'stellar' });
    await seedDevice(handle.db, 'sandbox', 'cus_caps', { oem: 'volta' });
    const [third] = await handle.db
      .select({ id: live.devices.id })
      .from(live.devices)
      .where(and(eq(live.devices.customerId, 'cus_caps'), eq(live.devices.oem, 'volta')))
      .orderBy(live.devices.id)
      .offset(2);
    await handle.db
      .update(live.devices)
      .set({ overage: true })
      .where(eq(live.devices.id, third?.id ?? ''));
    expect(await allowanceUse(handle.db, 'cus_caps')).toEqual({
      globalCap: 10,
      devices: 3,
      overage: 1,
      oems: [
        { oem: 'helios', cap: 5, devices: 0, overage: 0 },
        { oem: 'stellar', cap: null, devices: 1, overage: 0 },
        { oem: 'volta', cap: 2, devices: 2, overage: 1 },
      ],
    });
    expect(await allowanceUse(handle.db, 'cus_nope')).toBeUndefined();
  });
});

describe('unusual patterns', () => {
  it("flags a key's hour far above its own last 7 days, newest first", async () => {
    await seedCustomer(handle.db, 'cus_spike', { liveEnabled: true });
    const steady = await seedKey(handle.db, 'cus_spike', 'live');
    const spiky = await seedKey(handle.db, 'cus_spike', 'live');
    const hourStart = (hoursAgo: number) =>
      new Date(Date.parse('2026-07-10T12:00:00Z') - hoursAgo * HOUR_MS);
    const rows = [];
    for (let h = 1; h <= 200; h++) {
      for (const key of [steady, spiky]) {
        rows.push({ ...row(key.keyId, hourStart(h).toISOString(), 30), customerId: 'cus_spike' });
      }
    }
    // Three hours ago the spiky key answered 40 times its usual, half of it errors.
    const spike = hourStart(3);
    const minuteOf = (m: number) => new Date(spike.getTime() + m * 60_000).toISOString();
    const spikeRows = [
      { ...row(spiky.keyId, minuteOf(1), 600), customerId: 'cus_spike' },
      { ...row(spiky.keyId, minuteOf(2), 600), customerId: 'cus_spike', statusClass: 5 },
    ];
    // Minute rows for the last 7 days, hour rows before, as retention leaves them.
    const cut = Date.parse('2026-07-03T12:00:00Z');
    const recent = [...rows, ...spikeRows].filter((r) => r.bucket.getTime() >= cut);
    await writeUsage(handle.db, recent, []);
    await handle.db.insert(usageHours).values(rows.filter((r) => r.bucket.getTime() < cut));

    const flags = await findUnusualPatterns(handle.db, {
      customerId: 'cus_spike',
      environment: 'live',
      now,
    });
    expect(flags.map((f) => [f.keyId, f.kind, f.hour.toISOString()])).toEqual([
      [spiky.keyId, 'volume', spike.toISOString()],
      [spiky.keyId, 'error_rate', spike.toISOString()],
    ]);
    expect(flags[0]?.explanation).toMatch(/^1230 requests in the hour from 2026-07-10 09:00 UTC/);
    expect(flags[1]).toMatchObject({ observed: 0.4878, baseline: 0 });
  });
});

describe('key rates', () => {
  it("lists the customer's unrevoked keys of one environment with their own rates", async () => {
    const slow = await seedKey(handle.db, 'cus_read', 'sandbox', { rateLimit: 5 });
    await seedKey(handle.db, 'cus_other', 'live', { rateLimit: 3 });
    expect(await listKeyRates(handle.db, 'cus_read', 'live')).toEqual([
      { keyId: alpha.keyId, name: 'alpha', prefix: expect.any(String), rateLimit: null },
    ]);
    expect(await listKeyRates(handle.db, 'cus_read', 'sandbox')).toEqual([
      { keyId: slow.keyId, name: null, prefix: expect.any(String), rateLimit: 5 },
    ]);
  });
});
