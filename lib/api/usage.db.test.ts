import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import type { UsageTracker } from '../usage';
import { createUsageTracker } from '../usage';
import {
  TEST_NOW,
  createTestApp,
  readEnvelope,
  seedCustomer,
  seedKey,
  unexhaustibleRateLimiter,
} from './test-fixtures';

/** GET /api/usage: a customer's own usage, as its servers read it. */

let handle: DbHandle;
let usage: UsageTracker;
let app: ReturnType<typeof createTestApp>;
let now = TEST_NOW;
let live: { keyId: string; key: string };
let other: { keyId: string; key: string };
let sandboxKey: { keyId: string; key: string };
const burst: number[] = [];
/** What the burst below adds up to, live. */
const burstCounts = {
  requests: 9,
  clientErrors: 2,
  serverErrors: 0,
  errorRate: 0.2222,
  rateLimited: 0,
  quotaRefused: 0,
};

const get = (path: string, key = live.key) => app.request(path, { headers: { 'x-api-key': key } });

interface UsageBody {
  from: string;
  to: string;
  granularity: string;
  keyId: string | null;
  totals: Record<string, number>;
  series: ({ start: string } & Record<string, number>)[];
  quota: {
    month: string;
    used: number;
    limit: number | null;
    remaining: number | null;
    resetsAt: string;
  };
}

async function usageOf(res: Response): Promise<UsageBody> {
  expect(res.status).toBe(200);
  return (await readEnvelope(res)).data as UsageBody;
}

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_use', { liveEnabled: true });
  await seedCustomer(handle.db, 'cus_else', { liveEnabled: true });
  live = await seedKey(handle.db, 'cus_use', 'live');
  other = await seedKey(handle.db, 'cus_use', 'live');
  sandboxKey = await seedKey(handle.db, 'cus_use', 'sandbox');
  usage = createUsageTracker({ getDb: async () => handle.db, flushIntervalMs: 0 });
  app = createTestApp(handle.db, {
    clock: () => now,
    usage,
    rateLimiter: unexhaustibleRateLimiter(),
  });
  // A scripted burst at 07:10 (TEST_NOW is 08:00): 6 successes and 2 errors of one key, 1 of another.
  now = new Date('2026-03-02T07:10:20Z');
  for (let i = 0; i < 6; i++) burst.push((await get('/api/oems')).status);
  burst.push((await get('/api/nowhere')).status);
  burst.push((await get('/api/devices?limit=9999')).status);
  burst.push((await get('/api/oems', other.key)).status);
  burst.push((await get('/api/oems', sandboxKey.key)).status);
  now = TEST_NOW;
  await usage.flush();
});
afterAll(async () => {
  await usage.stop();
  await flushKeyUsage();
  await handle?.close();
});

describe('GET /api/usage', () => {
  it('answers the last 24 hours by hour by default, with totals and the month’s quota', async () => {
    expect(burst).toEqual([200, 200, 200, 200, 200, 200, 404, 400, 200, 200]);
    const body = await usageOf(await get('/api/usage'));
    expect(body).toMatchObject({
      from: '2026-03-01T08:00:00.000Z',
      to: '2026-03-02T08:00:00.000Z',
      granularity: 'hour',
      keyId: null,
      totals: burstCounts,
      quota: {
        month: '2026-03-01T00:00:00.000Z',
        used: 9,
        limit: 100_000,
        remaining: 99_991,
        resetsAt: '2026-04-01T00:00:00.000Z',
      },
    });
    expect(body.series).toHaveLength(24);
    expect(body.series.at(-1)).toEqual({ start: '2026-03-02T07:00:00.000Z', ...burstCounts });
  });

  it('answers minutes of a range, for one key, and only the key’s environment', async () => {
    const range = 'from=2026-03-02T07:09:00Z&to=2026-03-02T07:12:00Z&granularity=minute';
    const all = await usageOf(await get(`/api/usage?${range}`));
    expect(all.series.map((p) => [p.start, p.requests])).toEqual([
      ['2026-03-02T07:09:00.000Z', 0],
      ['2026-03-02T07:10:00.000Z', 9],
      ['2026-03-02T07:11:00.000Z', 0],
    ]);
    const one = await usageOf(await get(`/api/usage?${range}&keyId=${other.keyId}`));
    expect(one).toMatchObject({ keyId: other.keyId, totals: { requests: 1, errorRate: 0 } });
    const sandbox = await usageOf(await get(`/api/usage?${range}`, sandboxKey.key));
    expect(sandbox.totals.requests).toBe(1);
    expect(sandbox.quota).toMatchObject({ limit: null, remaining: null });
  });

  it('is metered like any other route', async () => {
    await usage.flush();
    const body = await usageOf(
      await get('/api/usage?from=2026-03-02T08:00:00Z&to=2026-03-02T09:00:00Z&granularity=hour'),
    );
    expect(body.totals.requests).toBeGreaterThanOrEqual(3);
  });

  it('names what is wrong with a request', async () => {
    const cases: [string, string][] = [
      ['granularity=week', 'granularity'],
      ['from=yesterday', 'from'],
      ['from=2026-03-02T07:00:00Z&to=2026-03-02T06:00:00Z', 'to'],
      ['from=2026-03-01T00:00:00Z&to=2026-03-02T08:00:00Z&granularity=minute', 'to'],
      ['from=2026-02-20T00:00:00Z&to=2026-02-20T01:00:00Z&granularity=minute', 'granularity'],
      ['from=2025-11-01T00:00:00Z&to=2025-11-02T00:00:00Z', 'from'],
      [`keyId=${encodeURIComponent('key_\0')}`, 'keyId'],
      ['keyId=key_unknown', 'keyId'],
      ['userId=u1', 'userId'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/usage?${query}`);
      expect(res.status, query).toBe(400);
      const body = await readEnvelope(res);
      expect(body.error, query).toMatchObject({ code: 'VALIDATION_ERROR', field });
    }
  });

  it("never shows another customer's or environment's key", async () => {
    const stranger = await seedKey(handle.db, 'cus_else', 'live');
    for (const keyId of [stranger.keyId, sandboxKey.keyId]) {
      const res = await get(`/api/usage?keyId=${keyId}`);
      expect(res.status).toBe(400);
      expect((await readEnvelope(res)).error?.field).toBe('keyId');
    }
  });

  it('needs the usage:read permission', async () => {
    const devicesOnly = await seedKey(handle.db, 'cus_use', 'live', {
      permissions: ['devices:read'],
    });
    const res = await get('/api/usage', devicesOnly.key);
    expect(res.status).toBe(403);
    expect((await readEnvelope(res)).error?.code).toBe('INSUFFICIENT_PERMISSIONS');
  });

  it('is in the OpenAPI document with an operationId and the quota headers', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const operation = doc.paths['/api/usage']?.get as {
      operationId: string;
      tags: string[];
      parameters: { name: string }[];
      responses: Record<string, { headers?: Record<string, unknown>; description: string }>;
    };
    expect(operation.operationId).toBe('getUsage');
    expect(operation.tags).toEqual(['usage']);
    expect(operation.parameters.map((p) => p.name).sort()).toEqual([
      'from',
      'granularity',
      'keyId',
      'to',
    ]);
    expect(Object.keys(operation.responses['200']?.headers ?? {})).toContain('X-Quota-Remaining');
    expect(operation.responses['429']?.description).toContain('QUOTA_EXCEEDED');
  });
});
