import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestApp,
  seedCustomer,
  seedDevice,
  seedKey,
  unexhaustibleRateLimiter,
} from '../api/test-fixtures';
import type { Db, DbHandle } from '../db/client';
import { usageMinutes, usageMonths } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { monthQuotaUsage } from './month';
import { usageByKey, usageByRoute, usageSeries } from './queries';
import type { UsageTracker } from './tracker';
import { createUsageTracker } from './tracker';

let handle: DbHandle;
let now = new Date('2026-05-20T14:03:10Z');
const clock = () => now;
const trackers: UsageTracker[] = [];

function tracker(options: { getDb?: () => Promise<Db>; redisClient?: Redis } = {}) {
  const created = createUsageTracker({
    getDb: options.getDb ?? (async () => handle.db),
    redisClient: options.redisClient,
    flushIntervalMs: 0,
  });
  trackers.push(created);
  return created;
}

beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await Promise.all(trackers.map((t) => t.stop()));
  await flushKeyUsage();
  await handle?.close();
});

describe('metering', () => {
  it('counts every request per key, route template, status class and minute, across a graceful restart', async () => {
    await seedCustomer(handle.db, 'cus_meter');
    const reader = await seedKey(handle.db, 'cus_meter', 'sandbox');
    const limited = await seedKey(handle.db, 'cus_meter', 'sandbox', {
      permissions: ['journeys:write'],
    });
    const device = await seedDevice(handle.db, 'sandbox', 'cus_meter');
    const devicePath = `/api/${device.type}/${device.deviceId}`;
    const get = (app: ReturnType<typeof createTestApp>, path: string, key: string) =>
      app.request(path, { headers: { 'x-api-key': key } });

    const first = tracker();
    const before = createTestApp(handle.db, {
      clock,
      usage: first,
      rateLimiter: unexhaustibleRateLimiter(),
    });
    const script: [string, string, number][] = [
      [devicePath, reader.key, 200],
      [devicePath, reader.key, 200],
      [devicePath, reader.key, 200],
      [`/api/${device.type}/dev_missing`, reader.key, 404],
      ['/api/nope', reader.key, 404],
      ['/api/devices?limit=0', reader.key, 400],
      ['/api/devices', limited.key, 403],
      ['/api/oems', limited.key, 200],
    ];
    for (const [path, key, status] of script) {
      expect((await get(before, path, key)).status, path).toBe(status);
    }
    // Requests without a known key are nobody's usage.
    expect((await before.request('/api/oems')).status).toBe(401);
    now = new Date('2026-05-20T14:04:00Z');
    expect((await get(before, devicePath, reader.key)).status).toBe(200);
    // Nothing is written per request: the database sees the counts at the flush.
    expect(await handle.db.select().from(usageMinutes)).toEqual([]);
    await first.stop();

    // The restarted process counts on.
    const after = createTestApp(handle.db, {
      clock,
      usage: tracker(),
      rateLimiter: unexhaustibleRateLimiter(),
    });
    for (let i = 0; i < 2; i++) expect((await get(after, devicePath, reader.key)).status).toBe(200);
    await trackers.at(-1)?.stop();

    const range = {
      customerId: 'cus_meter',
      environment: 'sandbox' as const,
      from: new Date('2026-05-20T14:00:00Z'),
      to: new Date('2026-05-20T15:00:00Z'),
    };
    const routes = await usageByRoute(handle.db, range);
    expect(routes.map((r) => [r.route, r.requests, r.clientErrors, r.serverErrors])).toEqual([
      ['GET /api/{deviceType}/{deviceId}', 7, 1, 0],
      ['GET /api/devices', 2, 2, 0],
      ['GET (no route)', 1, 1, 0],
      ['GET /api/oems', 1, 0, 0],
    ]);
    const keys = await usageByKey(handle.db, range);
    expect(keys.map((k) => [k.keyId, k.requests, k.errorRate])).toEqual([
      [reader.keyId, 9, 0.3333],
      [limited.keyId, 2, 0.5],
    ]);
    const minutes = await usageSeries(handle.db, range, 'minute');
    expect(
      minutes.filter((p) => p.requests > 0).map((p) => [p.start.toISOString(), p.requests]),
    ).toEqual([
      ['2026-05-20T14:03:00.000Z', 8],
      ['2026-05-20T14:04:00.000Z', 3],
    ]);
    // Every admitted request counts for the month, in sandbox too (without a quota).
    expect((await monthQuotaUsage(handle.db, 'cus_meter', 'sandbox', now))?.used).toBe(11);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    let down = true;
    const usage = tracker({
      getDb: async () => {
        if (down) throw new Error('connect ECONNREFUSED');
        return handle.db;
      },
    });
    const at = new Date('2026-05-21T09:00:00Z');
    const request = {
      keyId: 'key_flaky',
      customerId: 'cus_flaky',
      environment: 'live' as const,
      route: 'GET /api/oems',
      status: 200,
    };
    usage.record(request, at);
    await usage.admit({ customerId: 'cus_flaky', environment: 'live' }, null, at);
    await usage.flush();
    usage.record(request, at);
    await usage.admit({ customerId: 'cus_flaky', environment: 'live' }, null, at);
    down = false;
    await usage.flush();
    const rows = await handle.db.select().from(usageMinutes);
    expect(rows.filter((r) => r.keyId === 'key_flaky').map((r) => r.requests)).toEqual([2]);
    const months = await handle.db.select().from(usageMonths);
    expect(months.find((m) => m.customerId === 'cus_flaky')?.used).toBe(2);
  });

  it("without Redis, instances see each other's quota use after each flush", async () => {
    await seedCustomer(handle.db, 'cus_two', { liveEnabled: true });
    const scope = { customerId: 'cus_two', environment: 'live' as const };
    const at = new Date('2026-05-22T09:00:00Z');
    const a = tracker();
    const b = tracker();
    expect(await a.admit(scope, 10, at)).toMatchObject({ allowed: true, remaining: 9 });
    expect(await a.admit(scope, 10, at)).toMatchObject({ remaining: 8 });
    expect(await b.admit(scope, 10, at)).toMatchObject({ remaining: 9 });
    await a.flush();
    await b.flush();
    await a.flush();
    // Both now count the three requests stored, plus their own since.
    expect(await a.admit(scope, 10, at)).toMatchObject({ remaining: 6 });
    expect(await b.admit(scope, 10, at)).toMatchObject({ remaining: 6 });
    await a.flush();
    await b.flush();
    expect((await monthQuotaUsage(handle.db, 'cus_two', 'live', at))?.used).toBe(5);
  });

  it('flushes on its own every interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const usage = createUsageTracker({ getDb: async () => handle.db, flushIntervalMs: 10_000 });
      trackers.push(usage);
      usage.record(
        {
          keyId: 'key_timer',
          customerId: 'cus_timer',
          environment: 'sandbox',
          route: 'GET /api/oems',
          status: 200,
        },
        new Date('2026-05-21T10:00:00Z'),
      );
      vi.advanceTimersByTime(10_000);
      await vi.waitFor(async () => {
        const rows = await handle.db.select().from(usageMinutes);
        expect(rows.find((r) => r.keyId === 'key_timer')?.requests).toBe(1);
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

// Needs a Redis server: TEST_REDIS_URL=redis://127.0.0.1:6379 npx vitest run lib/usage
describe.skipIf(!process.env.TEST_REDIS_URL)('the monthly quota shared through Redis', () => {
  const clients: Redis[] = [];
  const client = async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL ?? '');
    clients.push(redis);
    await once(redis, 'ready');
    return redis;
  };
  afterAll(async () => {
    const redis = clients[0];
    if (redis) {
      const keys = await redis.keys('aj_quota:*:cus_redis_*');
      if (keys.length > 0) await redis.del(...keys);
    }
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('admits exactly the quota across instances, and starts a new counter from the stored total', async () => {
    const customerId = `cus_redis_${randomUUID().slice(0, 8)}`;
    await seedCustomer(handle.db, customerId, { liveEnabled: true });
    const scope = { customerId, environment: 'live' as const };
    const at = new Date('2026-06-10T10:00:00Z');
    // Two instances, each with its own connection and nothing flushed between them.
    const a = tracker({ redisClient: await client() });
    const b = tracker({ redisClient: await client() });
    const decisions = [];
    for (let i = 0; i < 8; i++) {
      decisions.push(await (i % 2 === 0 ? a : b).admit(scope, 5, at));
    }
    expect(decisions.map((d) => d?.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(decisions.map((d) => d?.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    await a.flush();
    await b.flush();
    expect((await monthQuotaUsage(handle.db, customerId, 'live', at))?.used).toBe(5);

    // A month whose counter Redis does not have (lost, or never made) starts from the database.
    await handle.db
      .insert(usageMonths)
      .values({ ...scope, month: new Date('2026-07-01T00:00:00Z'), used: 3 });
    const july = new Date('2026-07-04T00:00:00Z');
    const c = tracker({ redisClient: await client() });
    expect(await c.admit(scope, 5, july)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await a.admit(scope, 5, july)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await c.admit(scope, 5, july)).toMatchObject({ allowed: false });
  });
});
