import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../customers';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage, setApiKeyRateLimit } from '../keys';
import { CACHE_TTL_MS } from '../keys/key-cache';
import type { UsageTracker } from '../usage';
import { createUsageTracker, monthQuotaUsage, usageTotals } from '../usage';
import { createRateLimiter } from './rate-limit';
import {
  createTestApp,
  readEnvelope,
  seedCustomer,
  seedKey,
  unexhaustibleRateLimiter,
} from './test-fixtures';

/**
 * Plans and quotas as a customer meets them: the plan's rate on live keys, a key's own lower rate,
 * and the monthly quota, through the real API with an injected clock. The rate limiter's window is
 * stretched to an hour so that "10 a second" is hit deterministically however slow the machine.
 */

let handle: DbHandle;
let now: Date;
const clock = () => now;
const trackers: UsageTracker[] = [];

function tracker(): UsageTracker {
  const created = createUsageTracker({ getDb: async () => handle.db, flushIntervalMs: 0 });
  trackers.push(created);
  return created;
}

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_starter', { liveEnabled: true });
  await seedCustomer(handle.db, 'cus_quota', { liveEnabled: true });
});
afterAll(async () => {
  await Promise.all(trackers.map((t) => t.stop()));
  await flushKeyUsage();
  await handle?.close();
});

const call = (app: ReturnType<typeof createTestApp>, key: string, path = '/api/oems') =>
  app.request(path, { headers: { 'x-api-key': key } });

const liveTotals = (customerId: string, from: string, to: string) =>
  usageTotals(handle.db, {
    customerId,
    environment: 'live',
    from: new Date(from),
    to: new Date(to),
  });

async function expectRefused(res: Response, code: string): Promise<void> {
  expect(res.status).toBe(429);
  expect((await readEnvelope(res)).error?.code).toBe(code);
}

describe('the plan’s rate', () => {
  it('limits a Starter live key at 10 requests a second', async () => {
    now = new Date('2026-05-12T09:00:00Z');
    const usage = tracker();
    const app = createTestApp(handle.db, {
      clock,
      usage,
      rateLimiter: createRateLimiter({ durationSeconds: 3600 }),
    });
    const { key } = await seedKey(handle.db, 'cus_starter', 'live');
    for (let i = 0; i < 10; i++) {
      const res = await call(app, key);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('10');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(9 - i));
      expect(res.headers.get('x-quota-limit')).toBe('100000');
    }
    const refused = await call(app, key);
    await expectRefused(refused, 'RATE_LIMIT_EXCEEDED');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('10');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // Metered, the refusal included; refused requests do not use the monthly quota.
    await usage.flush();
    const totals = await liveTotals('cus_starter', '2026-05-12T00:00:00Z', '2026-05-13T00:00:00Z');
    expect(totals).toMatchObject({ requests: 11, clientErrors: 1, rateLimited: 1 });
    expect((await monthQuotaUsage(handle.db, 'cus_starter', 'live', now))?.used).toBe(10);
  });

  it('follows a plan change within the key cache’s lifetime', async () => {
    now = new Date('2026-05-12T10:00:00Z');
    const app = createTestApp(handle.db, {
      clock,
      rateLimiter: createRateLimiter({ durationSeconds: 3600 }),
    });
    const { key } = await seedKey(handle.db, 'cus_starter', 'live');
    expect((await call(app, key)).headers.get('x-ratelimit-limit')).toBe('10');
    await updateCustomer(handle.db, { customerId: 'cus_starter', plan: 'pro' });
    now = new Date(now.getTime() + CACHE_TTL_MS);
    expect((await call(app, key)).headers.get('x-ratelimit-limit')).toBe('100');
    await updateCustomer(handle.db, { customerId: 'cus_starter', plan: 'starter' });
  });

  it('applies a key’s own rate below the plan’s, to that key only, and changes at once', async () => {
    now = new Date('2026-05-12T11:00:00Z');
    const app = createTestApp(handle.db, {
      clock,
      rateLimiter: createRateLimiter({ durationSeconds: 3600 }),
    });
    const slow = await seedKey(handle.db, 'cus_starter', 'live', { rateLimit: 3 });
    const sibling = await seedKey(handle.db, 'cus_starter', 'live');
    for (let i = 0; i < 3; i++) {
      const res = await call(app, slow.key);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    }
    await expectRefused(await call(app, slow.key), 'RATE_LIMIT_EXCEEDED');
    const other = await call(app, sibling.key);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit')).toBe('10');

    // Set above the plan: the plan's rate applies. Removed: the plan's rate again.
    await setApiKeyRateLimit(handle.db, slow.keyId, 50, { now });
    expect((await call(app, slow.key)).headers.get('x-ratelimit-limit')).toBe('10');
    await setApiKeyRateLimit(handle.db, slow.keyId, 1, { now });
    const one = await call(app, slow.key);
    expect(one.headers.get('x-ratelimit-limit')).toBe('1');
  });
});

describe('the monthly quota', () => {
  it('refuses with QUOTA_EXCEEDED until the month turns (UTC), across the customer’s live keys', async () => {
    await updateCustomer(handle.db, { customerId: 'cus_quota', monthlyQuota: 5 });
    now = new Date('2026-03-31T23:59:30Z');
    const usage = tracker();
    const app = createTestApp(handle.db, {
      clock,
      usage,
      rateLimiter: unexhaustibleRateLimiter(),
    });
    const a = await seedKey(handle.db, 'cus_quota', 'live');
    const b = await seedKey(handle.db, 'cus_quota', 'live');
    const sandbox = await seedKey(handle.db, 'cus_quota', 'sandbox');
    const remaining: string[] = [];
    for (const key of [a, b, a, b, a]) {
      const res = await call(app, key.key);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-quota-limit')).toBe('5');
      expect(res.headers.get('x-quota-reset')).toBe('30');
      remaining.push(res.headers.get('x-quota-remaining') ?? '');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);

    for (const key of [a, b]) {
      const refused = await call(app, key.key);
      await expectRefused(refused, 'QUOTA_EXCEEDED');
      // Retry-After: the seconds to 2026-04-01T00:00:00Z.
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.headers.get('x-quota-remaining')).toBe('0');
      // The rate-limit headers are there too.
      expect(refused.headers.get('x-ratelimit-limit')).not.toBeNull();
    }
    // Sandbox has no quota.
    const inSandbox = await call(app, sandbox.key);
    expect(inSandbox.status).toBe(200);
    expect(inSandbox.headers.get('x-quota-limit')).toBeNull();

    now = new Date('2026-03-31T23:59:59.999Z');
    await expectRefused(await call(app, a.key), 'QUOTA_EXCEEDED');
    now = new Date('2026-04-01T00:00:00Z');
    const renewed = await call(app, a.key);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('x-quota-remaining')).toBe('4');
    // April has 30 days.
    expect(renewed.headers.get('x-quota-reset')).toBe(String(30 * 86400));

    await usage.flush();
    const march = await liveTotals('cus_quota', '2026-03-31T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(march).toMatchObject({ requests: 8, quotaRefused: 3, clientErrors: 3 });
    expect(
      (await monthQuotaUsage(handle.db, 'cus_quota', 'live', new Date('2026-03-15T00:00:00Z')))
        ?.used,
    ).toBe(5);
    expect((await monthQuotaUsage(handle.db, 'cus_quota', 'live', now))?.used).toBe(1);
  });

  it('keeps counting across a graceful restart', async () => {
    now = new Date('2026-04-02T12:00:00Z');
    const first = tracker();
    const a = await seedKey(handle.db, 'cus_quota', 'live');
    const before = createTestApp(handle.db, {
      clock,
      usage: first,
      rateLimiter: unexhaustibleRateLimiter(),
    });
    // One request of April was made in the test above.
    expect((await call(before, a.key)).headers.get('x-quota-remaining')).toBe('3');
    expect((await call(before, a.key)).headers.get('x-quota-remaining')).toBe('2');
    await first.stop();

    const after = createTestApp(handle.db, {
      clock,
      usage: tracker(),
      rateLimiter: unexhaustibleRateLimiter(),
    });
    expect((await call(after, a.key)).headers.get('x-quota-remaining')).toBe('1');
    expect((await call(after, a.key)).headers.get('x-quota-remaining')).toBe('0');
    await expectRefused(await call(after, a.key), 'QUOTA_EXCEEDED');
  });

  it('admits exactly the quota when requests arrive together', async () => {
    await seedCustomer(handle.db, 'cus_burst', { liveEnabled: true });
    await updateCustomer(handle.db, { customerId: 'cus_burst', monthlyQuota: 7 });
    now = new Date('2026-04-03T08:00:00Z');
    const app = createTestApp(handle.db, {
      clock,
      usage: tracker(),
      rateLimiter: unexhaustibleRateLimiter(),
    });
    const { key } = await seedKey(handle.db, 'cus_burst', 'live');
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await call(app, key)).status),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(13);
  });
});
