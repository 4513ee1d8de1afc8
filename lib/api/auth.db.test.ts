import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { auditLog } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage, generateApiKey, revokeApiKey } from '../keys';
import { createRateLimiter } from './rate-limit';
import {
  TEST_CONFIG,
  TEST_NOW,
  createTestApp,
  readEnvelope,
  seedCustomer,
  seedDevice,
  seedKey,
} from './test-fixtures';

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let sandboxKey: { keyId: string; key: string };
let deviceId: string;

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_auth', { appId: 'app_auth' });
  await seedCustomer(handle.db, 'cus_live', { liveEnabled: true });
  sandboxKey = await seedKey(handle.db, 'cus_auth', 'sandbox');
  deviceId = (await seedDevice(handle.db, 'sandbox', 'cus_auth')).deviceId;
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

async function expectError(res: Response, status: number, code: string, path: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await readEnvelope(res);
  expect(body).toEqual({
    success: false,
    error: { code, message: expect.any(String) },
    meta: { requestId: expect.any(String), timestamp: TEST_NOW.toISOString(), path },
  });
  expect(body.meta.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('authentication', () => {
  it('answers UNAUTHORIZED without a key', async () => {
    const res = await get('/api/devices');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    await expectError(res, 401, 'UNAUTHORIZED', '/api/devices');
    await expectError(
      await get('/api/devices', { 'x-api-key': '' }),
      401,
      'UNAUTHORIZED',
      '/api/devices',
    );
  });

  it('accepts the key in x-api-key and in Authorization: Bearer', async () => {
    expect((await get('/api/devices', { 'x-api-key': sandboxKey.key })).status).toBe(200);
    expect((await get('/api/devices', { authorization: `Bearer ${sandboxKey.key}` })).status).toBe(
      200,
    );
    expect((await get('/api/devices', { authorization: `bearer ${sandboxKey.key}` })).status).toBe(
      200,
    );
  });

  it('answers INVALID_API_KEY for malformed, bad-checksum and unknown keys and other schemes', async () => {
    const tampered = `${sandboxKey.key.slice(0, -1)}${sandboxKey.key.endsWith('0') ? '1' : '0'}`;
    const cases: Record<string, string>[] = [
      { 'x-api-key': 'not-a-key' },
      { 'x-api-key': tampered },
      { 'x-api-key': sandboxKey.key.replace('amps_sk_test_', 'amps_sk_live_') },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { 'x-api-key': sandboxKey.key, authorization: 'Bearer amps_sk_test_other' },
    ];
    for (const headers of cases) {
      await expectError(await get('/api/devices', headers), 401, 'INVALID_API_KEY', '/api/devices');
    }
    // A well-formed key with a valid checksum that was never issued.
    const { key } = generateApiKey('sandbox');
    await expectError(
      await get('/api/devices', { 'x-api-key': key }),
      401,
      'INVALID_API_KEY',
      '/api/devices',
    );
  });

  it('rejects malformed keys without touching the database', async () => {
    const noDb = createTestApp(handle.db, {
      getDb: () => Promise.reject(new Error('database must not be used')),
    });
    const tampered = `${sandboxKey.key.slice(0, -2)}zz`;
    const res = await noDb.request('/api/devices', { headers: { 'x-api-key': tampered } });
    await expectError(res, 401, 'INVALID_API_KEY', '/api/devices');
  });

  it('answers INVALID_API_KEY for a revoked key and EXPIRED_TOKEN past expiry', async () => {
    const revoked = await seedKey(handle.db, 'cus_auth', 'sandbox');
    expect((await get('/api/oems', { 'x-api-key': revoked.key })).status).toBe(200);
    await revokeApiKey(handle.db, revoked.keyId, TEST_NOW);
    await expectError(
      await get('/api/oems', { 'x-api-key': revoked.key }),
      401,
      'INVALID_API_KEY',
      '/api/oems',
    );

    const expired = await seedKey(handle.db, 'cus_auth', 'sandbox', {
      expiresAt: new Date(TEST_NOW.getTime() - 1),
    });
    await expectError(
      await get('/api/oems', { 'x-api-key': expired.key }),
      401,
      'EXPIRED_TOKEN',
      '/api/oems',
    );
    const valid = await seedKey(handle.db, 'cus_auth', 'sandbox', {
      expiresAt: new Date(TEST_NOW.getTime() + 1),
    });
    expect((await get('/api/oems', { 'x-api-key': valid.key })).status).toBe(200);
  });

  it('answers LIVE_ACCESS_DISABLED for a live key of a customer without live access', async () => {
    const live = await seedKey(handle.db, 'cus_auth', 'live');
    await expectError(
      await get('/api/oems', { 'x-api-key': live.key }),
      403,
      'LIVE_ACCESS_DISABLED',
      '/api/oems',
    );
    const enabled = await seedKey(handle.db, 'cus_live', 'live');
    const res = await get('/api/oems', { 'x-api-key': enabled.key });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000000000');
  });

  it('records the first use of a key in the audit log, without the key', async () => {
    const fresh = await seedKey(handle.db, 'cus_auth', 'sandbox');
    await get('/api/oems', { 'x-api-key': fresh.key });
    await get('/api/oems', { 'x-api-key': fresh.key });
    await flushKeyUsage();
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, fresh.keyId), eq(auditLog.action, 'key.first_used')));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(fresh.key);
  });
});

describe('permissions', () => {
  it('answers INSUFFICIENT_PERMISSIONS for a route outside the key permissions', async () => {
    const readOnly = await seedKey(handle.db, 'cus_auth', 'sandbox', {
      permissions: ['devices:read'],
    });
    const headers = { 'x-api-key': readOnly.key, 'content-type': 'application/json' };
    expect((await get('/api/devices', headers)).status).toBe(200);
    expect((await get(`/api/vehicle/${deviceId}`, headers)).status).toBe(200);
    const journey = await app.request('/api/journey/sessions', {
      method: 'POST',
      headers,
      body: JSON.stringify({ appId: 'app_auth', userId: 'u' }),
    });
    await expectError(journey, 403, 'INSUFFICIENT_PERMISSIONS', '/api/journey/sessions');
    await expectError(
      await get('/api/webhooks/endpoints', headers),
      403,
      'INSUFFICIENT_PERMISSIONS',
      '/api/webhooks/endpoints',
    );

    const journeysOnly = await seedKey(handle.db, 'cus_auth', 'sandbox', {
      permissions: ['journeys:write'],
    });
    await expectError(
      await get('/api/devices', { 'x-api-key': journeysOnly.key }),
      403,
      'INSUFFICIENT_PERMISSIONS',
      '/api/devices',
    );
    await expectError(
      await app.request(`/api/sandbox/devices/${deviceId}/disconnect`, {
        method: 'POST',
        headers: { 'x-api-key': journeysOnly.key },
      }),
      403,
      'INSUFFICIENT_PERMISSIONS',
      `/api/sandbox/devices/${deviceId}/disconnect`,
    );
  });
});

describe('rate limiting', () => {
  it('sends X-RateLimit-* on every authenticated answer and 429 with Retry-After past the limit', async () => {
    // SANDBOX_RATE_LIMIT=3, with a long window so that the limit is hit deterministically.
    const limited = createTestApp(handle.db, {
      config: { ...TEST_CONFIG, sandboxRateLimit: 3 },
      rateLimiter: createRateLimiter({ durationSeconds: 3600 }),
    });
    const key = await seedKey(handle.db, 'cus_auth', 'sandbox');
    const other = await seedKey(handle.db, 'cus_auth', 'sandbox');
    const call = (path: string, k = key.key) =>
      limited.request(path, { headers: { 'x-api-key': k } });

    const first = await call('/api/oems');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(3590);
    // Errors after authentication carry the headers too.
    const missing = await call('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await call('/api/oems')).headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await call('/api/oems');
    await expectError(refused, 429, 'RATE_LIMIT_EXCEEDED', '/api/oems');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3590);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');

    // Budgets are per key.
    expect((await call('/api/oems', other.key)).status).toBe(200);
    // Public routes are not limited and carry no rate headers.
    const health = await limited.request('/api/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it("uses the plan's rate for live keys (a new customer is on Starter: 10/s)", async () => {
    const limited = createTestApp(handle.db, {
      config: { ...TEST_CONFIG, sandboxRateLimit: 3 },
      rateLimiter: createRateLimiter({ durationSeconds: 3600 }),
    });
    const live = await seedKey(handle.db, 'cus_live', 'live');
    const res = await limited.request('/api/oems', { headers: { 'x-api-key': live.key } });
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('9');
  });
});
