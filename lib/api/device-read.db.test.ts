import { once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { apiKeys } from '../db/schema';
import { openTestDb } from '../db/testing';
import { CACHE_TTL_MS, flushKeyUsage, revokeApiKey } from '../keys';
import { applySecurityHeaders } from '../security/apply-headers';
import type { MeteredRequest, UsageTracker } from '../usage';
import { createApi } from './app';
import { createDeviceReader } from './device-cache';
import { DEVICE_READ_ROUTE, deviceReadData, deviceReadJson } from './device-read';
import { findDeviceForCustomer } from './queries/devices';
import { createRateLimiter } from './rate-limit';
import { apiSecurityHeaders } from './server-headers';
import type { SeededDevice } from './test-fixtures';
import { TEST_CONFIG, TEST_NOW, seedCustomer, seedDevice, seedKey } from './test-fixtures';

/**
 * The device-read fast path (device-read.ts) behind a node:http server wired as server.ts wires it:
 * whatever it does not take goes to the Hono app. Its answers must be the app's.
 */

let handle: DbHandle;
let server: Server;
let origin: string;
/** The same API behind a server wired as server.ts: the fast path first, with the security headers. */
let securedServer: Server;
let securedOrigin: string;
let now: Date;
let taken: boolean[];
const metered: MeteredRequest[] = [];

let key: { keyId: string; key: string };
let keyB: { keyId: string; key: string };
let readOnlyWebhooks: { keyId: string; key: string };
let slowKey: { keyId: string; key: string };
let car: SeededDevice;
let battery: SeededDevice;
let carB: SeededDevice;

/** Metering recorded in a list; no quota (as for sandbox keys). */
const usage: UsageTracker = {
  admit: () => null,
  record: (request) => void metered.push(request),
  flush: async () => {},
  stop: async () => {},
};

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_fast');
  await seedCustomer(handle.db, 'cus_other');
  key = await seedKey(handle.db, 'cus_fast', 'sandbox');
  keyB = await seedKey(handle.db, 'cus_other', 'sandbox');
  readOnlyWebhooks = await seedKey(handle.db, 'cus_fast', 'sandbox', {
    permissions: ['webhooks:manage'],
  });
  slowKey = await seedKey(handle.db, 'cus_fast', 'sandbox', { rateLimit: 2 });
  car = await seedDevice(handle.db, 'sandbox', 'cus_fast', { userId: 'alice' });
  battery = await seedDevice(handle.db, 'sandbox', 'cus_fast', {
    userId: 'bob',
    type: 'battery',
    oem: 'stellar',
  });
  carB = await seedDevice(handle.db, 'sandbox', 'cus_other', { userId: 'carol' });

  const headerOptions = { publicBaseUrl: 'http://127.0.0.1' };
  const plain = await serve();
  server = plain.server;
  origin = plain.origin;
  // As the custom server runs it: the API's answers carry the server's security headers.
  const secured = await serve(headerOptions);
  securedServer = secured.server;
  securedOrigin = secured.origin;
});

/**
 * The API on a port of its own, as the custom server mounts it: device reads tried first, everything
 * else through the app; with `headerOptions`, the server's security headers on what the app answers.
 */
async function serve(headerOptions?: {
  publicBaseUrl: string;
}): Promise<{ server: Server; origin: string }> {
  const api = createApi({
    getDb: async () => handle.db,
    // Room for every read of these tests within one window; the 2/s key has its own lower rate.
    config: { ...TEST_CONFIG, sandboxRateLimit: 1000 },
    clock: () => now,
    // A long window: the 2/s key is refused deterministically.
    rateLimiter: createRateLimiter({ durationSeconds: 3600, now: () => now.getTime() }),
    deviceCacheMs: 1000,
    usage,
    ...(headerOptions ? { serverHeaders: apiSecurityHeaders(headerOptions) } : {}),
  });
  const handleApi = getRequestListener(api.app.fetch);
  const server = createServer((req, res) => {
    const took = api.deviceRead(req, res);
    taken.push(took);
    if (took) return;
    if (headerOptions) applySecurityHeaders(req, res, headerOptions);
    void handleApi(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

afterAll(async () => {
  server?.close();
  securedServer?.close();
  await flushKeyUsage();
  await handle?.close();
});

beforeEach(() => {
  // Each test on its own minute far from the others: no cache entry of one test serves another.
  now = new Date(now ? now.getTime() + 10 * CACHE_TTL_MS : TEST_NOW.getTime());
  taken = [];
  metered.length = 0;
});

async function read(path: string, headers: Record<string, string>) {
  const res = await fetch(`${origin}${path}`, { headers });
  const body = (await res.json()) as {
    success: boolean;
    data?: Record<string, unknown>;
    error?: { code: string; message: string };
    meta: { requestId: string; timestamp: string; path: string };
  };
  return { res, body };
}

const withKey = (k: { key: string }) => ({ 'x-api-key': k.key });
const carPath = () => `/api/vehicle/${car.deviceId}`;

describe('GET /api/{deviceType}/{deviceId} on the fast path', () => {
  it('answers exactly as the app does once the key and the device are in memory', async () => {
    // The app answers the first read (and fills both caches); the fast path the ones after it.
    await read('/api/health', {});
    const first = await read(carPath(), withKey(key));
    const second = await read(carPath(), { authorization: `Bearer ${key.key}` });
    expect(taken).toEqual([false, false, true]);
    expect(first.res.status).toBe(200);
    expect(second.res.status).toBe(200);
    // The same envelope and bytes but for the request id.
    const strip = (body: typeof first.body) => ({
      ...body,
      meta: { ...body.meta, requestId: 'x' },
    });
    expect(JSON.stringify(strip(second.body))).toBe(JSON.stringify(strip(first.body)));
    expect(second.body.meta).toMatchObject({ path: carPath(), timestamp: now.toISOString() });
    expect(second.body.meta.requestId).not.toBe(first.body.meta.requestId);
    expect(second.body.data).toMatchObject({
      id: car.deviceId,
      type: 'vehicle',
      userId: 'alice',
      state: expect.any(Object),
    });
    // The same headers (names compared case-insensitively by fetch).
    for (const name of ['content-type', 'x-ratelimit-limit', 'x-ratelimit-reset']) {
      expect(second.res.headers.get(name), name).toBe(first.res.headers.get(name));
    }
    expect(second.res.headers.get('x-request-id')).toBe(second.body.meta.requestId);
    expect(Number(second.res.headers.get('x-ratelimit-remaining'))).toBe(
      Number(first.res.headers.get('x-ratelimit-remaining')) - 1,
    );
    expect(second.res.headers.get('content-length')).toBe(
      String(Buffer.byteLength(JSON.stringify(second.body))),
    );
    // Both metered under the route's template, as the app names it.
    expect(metered.map((m) => [m.route, m.status, m.keyId])).toEqual([
      [DEVICE_READ_ROUTE, 200, key.keyId],
      [DEVICE_READ_ROUTE, 200, key.keyId],
    ]);
  });

  it('stops at once when the key is revoked in this process', async () => {
    await read(carPath(), withKey(key));
    expect((await read(carPath(), withKey(key))).res.status).toBe(200);
    expect(taken).toEqual([false, true]);
    const revocable = await seedKey(handle.db, 'cus_fast', 'sandbox');
    await read(carPath(), withKey(revocable));
    expect((await read(carPath(), withKey(revocable))).res.status).toBe(200);
    await revokeApiKey(handle.db, revocable.keyId, now);
    const after = await read(carPath(), withKey(revocable));
    expect(after.res.status).toBe(401);
    expect(after.body.error?.code).toBe('INVALID_API_KEY');
    expect(after.res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(taken.slice(-1)).toEqual([false]);
  });

  it('stops within CACHE_TTL_MS when another process revokes the key', async () => {
    const elsewhere = await seedKey(handle.db, 'cus_fast', 'sandbox');
    await read(carPath(), withKey(elsewhere));
    const start = now;
    // Another instance revokes: the row changes, this process's cache is not told.
    await handle.db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, elsewhere.keyId));
    now = new Date(start.getTime() + 500);
    expect((await read(carPath(), withKey(elsewhere))).res.status).toBe(200);
    now = new Date(start.getTime() + CACHE_TTL_MS);
    const after = await read(carPath(), withKey(elsewhere));
    expect(after.res.status).toBe(401);
    expect(after.body.error?.code).toBe('INVALID_API_KEY');
  });

  it('leaves every other case to the app, which answers as before', async () => {
    await read(carPath(), withKey(key));
    await read(`/api/battery/${battery.deviceId}`, withKey(key));
    taken = [];
    const cases: [string, Record<string, string>, number, string | undefined][] = [
      [carPath(), {}, 401, 'UNAUTHORIZED'],
      [carPath(), { 'x-api-key': `${key.key}x` }, 401, 'INVALID_API_KEY'],
      [carPath(), { authorization: 'Basic abc' }, 401, 'INVALID_API_KEY'],
      [carPath(), withKey(readOnlyWebhooks), 403, 'INSUFFICIENT_PERMISSIONS'],
      // The battery is cached, but not as a vehicle.
      [`/api/vehicle/${battery.deviceId}`, withKey(key), 404, 'DEVICE_NOT_FOUND'],
      // Another customer's device, under its own key and under ours.
      [`/api/vehicle/${carB.deviceId}`, withKey(key), 404, 'DEVICE_NOT_FOUND'],
      [`/api/unknown_type/${car.deviceId}`, withKey(key), 404, 'NOT_FOUND'],
      [`${carPath()}?at=2026-03-02T20:00:00Z`, withKey(key), 200, undefined],
      [`${carPath()}?bogus=1`, withKey(key), 400, 'VALIDATION_ERROR'],
    ];
    for (const [path, headers, status, code] of cases) {
      const { res, body } = await read(path, headers);
      expect(res.status, path).toBe(status);
      expect(body.error?.code, path).toBe(code);
    }
    expect(taken).toEqual(cases.map(() => false));
    // The other customer's key reads its own device, never ours.
    await read(`/api/vehicle/${carB.deviceId}`, withKey(keyB));
    expect((await read(`/api/vehicle/${carB.deviceId}`, withKey(keyB))).res.status).toBe(200);
    expect((await read(carPath(), withKey(keyB))).res.status).toBe(404);
    expect(taken.slice(-2)).toEqual([true, false]);
  });

  it("refuses past the key's rate with the app's answer and headers", async () => {
    await read(carPath(), withKey(slowKey));
    const second = await read(carPath(), withKey(slowKey));
    const third = await read(carPath(), withKey(slowKey));
    expect(taken).toEqual([false, true, true]);
    expect(second.res.status).toBe(200);
    expect(second.res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(third.res.status).toBe(429);
    expect(third.body).toEqual({
      success: false,
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests for this API key' },
      meta: {
        requestId: third.res.headers.get('x-request-id'),
        timestamp: now.toISOString(),
        path: carPath(),
      },
    });
    expect(third.res.headers.get('x-ratelimit-limit')).toBe('2');
    expect(Number(third.res.headers.get('retry-after'))).toBeGreaterThan(3500);
    // The app refuses the same way (a request it answers: with a query).
    const viaApp = await read(`${carPath()}?at=${now.toISOString()}`, withKey(slowKey));
    expect(taken.slice(-1)).toEqual([false]);
    expect(viaApp.res.status).toBe(429);
    expect(viaApp.body.error).toEqual(third.body.error);
    expect(metered.map((m) => [m.status, m.refusal])).toEqual([
      [200, undefined],
      [200, undefined],
      [429, 'rate_limited'],
      [429, 'rate_limited'],
    ]);
  });

  it('takes a request only when both caches are fresh', async () => {
    await read(carPath(), withKey(key));
    expect((await read(carPath(), withKey(key))).res.status).toBe(200);
    // The device entry expires after 1 s: the app reads it again, and the fast path resumes.
    now = new Date(now.getTime() + 1000);
    await read(carPath(), withKey(key));
    await read(carPath(), withKey(key));
    expect(taken).toEqual([false, true, false, true]);
  });
});

/** An answer with its raw header list (repeated headers kept, as sent), via node:http. */
async function rawRead(url: string, headers: Record<string, string | string[]>) {
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers }, resolve).on('error', reject),
  );
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res) body += chunk as string;
  return { status: res.statusCode, rawHeaders: res.rawHeaders, headers: res.headers, body };
}

/** Header values that differ from answer to answer. */
function comparable(headers: IncomingHttpHeaders) {
  const {
    'x-request-id': _id,
    'x-ratelimit-remaining': _remaining,
    date: _date,
    'content-security-policy': policy,
    ...rest
  } = headers;
  return {
    ...rest,
    'content-security-policy': String(policy).replace(/'nonce-[^']+'/, "'nonce-…'"),
  };
}

describe('the fast path tried first, as server.ts does', () => {
  it("writes the server's security headers first, then the app's, with the app's values", async () => {
    const url = `${securedOrigin}${carPath()}`;
    const first = await rawRead(url, withKey(key));
    const second = await rawRead(url, withKey(key));
    expect(taken).toEqual([false, true]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(comparable(second.headers)).toEqual(comparable(first.headers));
    expect(second.rawHeaders.filter((_, i) => i % 2 === 0)).toEqual([
      'Content-Security-Policy',
      'Referrer-Policy',
      'X-Content-Type-Options',
      'X-Frame-Options',
      'Cache-Control',
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Content-Type',
      'Content-Length',
      'Date',
      'Connection',
      'Keep-Alive',
    ]);
    const strip = (body: string) => body.replace(/"requestId":"[^"]+"/, '"requestId":"x"');
    expect(strip(second.body)).toBe(strip(first.body));
    expect(second.headers['content-length']).toBe(String(Buffer.byteLength(second.body)));
    expect(second.body).toContain(`"requestId":"${second.headers['x-request-id']}"`);
  });

  it('leaves a repeated key header to the app', async () => {
    const url = `${securedOrigin}${carPath()}`;
    await rawRead(url, withKey(key));
    const repeated = await rawRead(url, { 'x-api-key': [key.key, key.key] });
    expect(taken).toEqual([false, false]);
    expect(repeated.status).toBe(401);
    expect(repeated.headers['content-security-policy']).toContain("'nonce-");
  });
});

describe('deviceReadJson', () => {
  it('is JSON.stringify of deviceReadData, with its UTF-8 length, at every instant', async () => {
    const row = await findDeviceForCustomer(handle.db, 'sandbox', 'cus_fast', car.deviceId);
    const named = { ...row!, name: 'Wärmepumpe · “Süd” \\ 🔋' };
    for (const environment of ['sandbox', 'live'] as const) {
      for (const offset of [0, 0, 1, 3_600_000, 1]) {
        const instant = new Date(TEST_NOW.getTime() + offset);
        for (const device of [row!, named]) {
          const expected = JSON.stringify(deviceReadData(device, environment, instant));
          const { json, bytes } = deviceReadJson(device, environment, instant);
          expect(json).toBe(expected);
          expect(bytes).toBe(Buffer.byteLength(expected));
        }
      }
    }
  });
});

describe('the device cache as the fast path sees it (peek)', () => {
  it('holds a row only once read, while fresh, and never past an invalidation', async () => {
    const reader = createDeviceReader(1000);
    const at = new Date('2026-03-02T08:00:00Z');
    const later = (ms: number) => new Date(at.getTime() + ms);
    expect(reader.peek('sandbox', 'cus_fast', car.deviceId, at)).toBeUndefined();
    const pending = reader.find(handle.db, 'sandbox', 'cus_fast', car.deviceId, at);
    // Still being read.
    expect(reader.peek('sandbox', 'cus_fast', car.deviceId, at)).toBeUndefined();
    const row = await pending;
    expect(reader.peek('sandbox', 'cus_fast', car.deviceId, later(999))).toBe(row);
    expect(reader.peek('sandbox', 'cus_fast', car.deviceId, later(1000))).toBeUndefined();
    // Scoped by environment and customer.
    expect(reader.peek('live', 'cus_fast', car.deviceId, at)).toBeUndefined();
    expect(reader.peek('sandbox', 'cus_other', car.deviceId, at)).toBeUndefined();
    reader.invalidate('sandbox', 'cus_fast', car.deviceId);
    expect(reader.peek('sandbox', 'cus_fast', car.deviceId, at)).toBeUndefined();
    // A missing device is not kept.
    await reader.find(handle.db, 'sandbox', 'cus_fast', 'dev_missing', at);
    expect(reader.peek('sandbox', 'cus_fast', 'dev_missing', at)).toBeUndefined();
    // Off: nothing is ever held.
    const off = createDeviceReader(0);
    await off.find(handle.db, 'sandbox', 'cus_fast', car.deviceId, at);
    expect(off.peek('sandbox', 'cus_fast', car.deviceId, at)).toBeUndefined();
  });
});
