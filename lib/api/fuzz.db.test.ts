import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage, generateApiKey, revokeApiKey } from '../keys';
import { DEVICE_TYPES } from '../oem';
import { PUBLIC_PATHS } from './auth';
import type { ApiErrorCode } from './errors';
import { API_ERRORS } from './errors';
import { OPENAPI_PATH } from './openapi';
import type { Envelope } from './test-fixtures';
import { TEST_NOW, createTestApp, seedCustomer, seedDevice, seedKey } from './test-fixtures';

/**
 * Property: whatever arrives — any method, path, query, headers or body — the API answers below 500 and
 * every answer is the envelope, with error codes at exactly their documented status.
 */

const RUNS = 5000;

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
const keys: string[] = [];
const ids: string[] = [];

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_f', { appId: 'app_f', liveEnabled: true });
  await seedCustomer(handle.db, 'cus_g', { appId: 'app_g' });
  const sandboxKey = await seedKey(handle.db, 'cus_f', 'sandbox');
  const liveKey = await seedKey(handle.db, 'cus_f', 'live');
  const noLive = await seedKey(handle.db, 'cus_g', 'live');
  const other = await seedKey(handle.db, 'cus_g', 'sandbox');
  const restricted = await seedKey(handle.db, 'cus_f', 'sandbox', {
    permissions: ['devices:read'],
  });
  const revoked = await seedKey(handle.db, 'cus_f', 'sandbox');
  await revokeApiKey(handle.db, revoked.keyId, TEST_NOW);
  const expired = await seedKey(handle.db, 'cus_f', 'sandbox', {
    expiresAt: new Date(TEST_NOW.getTime() - 1000),
  });
  keys.push(
    ...[sandboxKey, liveKey, noLive, other, restricted, revoked, expired].map((k) => k.key),
    generateApiKey('sandbox').key,
    `${sandboxKey.key.slice(0, -1)}${sandboxKey.key.endsWith('x') ? 'y' : 'x'}`,
  );
  for (const [env, customer, type] of [
    ['sandbox', 'cus_f', 'vehicle'],
    ['sandbox', 'cus_f', 'battery'],
    ['live', 'cus_f', 'hvac'],
    ['sandbox', 'cus_g', 'ev_charger'],
  ] as const) {
    ids.push((await seedDevice(handle.db, env, customer, { type })).deviceId);
  }
  app = createTestApp(handle.db, { deviceCacheMs: 1000 });
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

const printable = (maxLength: number) =>
  fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${maxLength}}$`));
const anyText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  printable(40),
  fc.constantFrom('', '%', '%zz', '%E0%A4%A', '..', '%2F..%2F', ' ', '\u0000', 'x'.repeat(600)),
);
const segment = fc.oneof(
  fc.constantFrom(...DEVICE_TYPES, 'devices', 'oems', 'health', 'webhooks', 'sandbox', 'journey'),
  fc.constant(null).map(() => ids[0] ?? ''),
  fc.constantFrom('a', 'ep_x', 'evt_x'),
  anyText,
);
const id = fc.oneof(
  fc.constantFrom('dev_nope', 'ep_nope', ''),
  fc.constant(null).map(() => ids[0] ?? ''),
  fc.integer({ min: 0, max: 3 }).map((i) => ids[i] ?? ''),
  anyText,
);

const path = fc.oneof(
  fc.constantFrom(
    '/api/health',
    '/api/health/ready',
    OPENAPI_PATH,
    '/api/devices',
    '/api/oems',
    '/api/journey/sessions',
    '/api/webhooks/endpoints',
    '/api/webhooks/deliveries',
    '/api',
    '/',
  ),
  fc.tuple(segment, id).map(([t, d]) => `/api/${t}/${d}`),
  id.map((d) => `/api/sandbox/devices/${d}/disconnect`),
  fc
    .tuple(id, fc.constantFrom('disable', 'enable', 'test', '', 'x'))
    .map(([e, a]) => `/api/webhooks/endpoints/${e}/${a}`),
  id.map((e) => `/api/webhooks/events/${e}/replay`),
  fc.array(segment, { maxLength: 5 }).map((s) => `/api/${s.join('/')}`),
  fc.webPath(),
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '2026-06-01T12:00:00Z',
    '2026-06-01T12:00:00+05:30',
    'now',
    '-1',
    '0',
    '1',
    '500',
    '1e3',
    'pending',
    'failed',
  ),
  fc.integer().map(String),
  anyText,
);
const query = fc.option(
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('userId', 'limit', 'offset', 'at', 'status'), anyText),
        queryValue,
      ),
      {
        maxLength: 4,
      },
    )
    .chain((pairs) =>
      fc
        .boolean()
        .map((encode) =>
          pairs
            .map(([k, v]) =>
              encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`,
            )
            .join('&'),
        ),
    ),
);

// Mostly keys that pass authentication, so that the property reaches the routes behind it.
const keyChoice = fc.oneof(
  { arbitrary: fc.constant(null).map(() => keys[0] ?? ''), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 8 }).map((i) => keys[i] ?? ''), weight: 3 },
  { arbitrary: printable(80), weight: 1 },
);
const authHeaders = fc.oneof(
  { arbitrary: keyChoice.map((k) => ({ 'x-api-key': k })), weight: 6 },
  { arbitrary: keyChoice.map((k) => ({ authorization: `Bearer ${k}` })), weight: 3 },
  { arbitrary: fc.constant({}), weight: 1 },
  {
    arbitrary: fc
      .tuple(keyChoice, keyChoice)
      .map(([a, b]) => ({ 'x-api-key': a, authorization: `Bearer ${b}` })),
    weight: 1,
  },
  { arbitrary: printable(60).map((a) => ({ authorization: a })), weight: 1 },
);
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/vnd.api+json',
    ),
    printable(40),
  ),
);
// Only literal addresses as webhook URLs: the property must not depend on DNS.
const webhookUrl = fc.constantFrom(
  'http://127.0.0.1:9/h',
  'https://10.0.0.1/',
  'ftp://127.0.0.1/',
  'nope',
  '',
);
/** Device actions: declared commands with parameters in and out of range, and anything else. */
const actionBody = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('start_charging', 'set_charge_limit', 'set_mode', 'set_reserve', 'reboot'),
      anyText,
    ),
    params: fc.oneof(
      fc.record(
        {
          percent: fc.oneof(fc.integer({ min: -10, max: 110 }), fc.double(), anyText),
          mode: fc.oneof(fc.constantFrom('backup', 'heat', 'turbo'), anyText),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: ['type'] },
);
const body = fc.option(
  fc.oneof(
    fc.json(),
    fc.string({ maxLength: 100 }),
    fc
      .record(
        {
          appId: fc.oneof(fc.constantFrom('app_f', 'app_g'), anyText),
          userId: fc.oneof(anyText, fc.integer()),
          state: fc.oneof(anyText, fc.constant(null)),
          extra: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
    // Shapes that pass validation, so that the handlers behind it run too.
    fc
      .record(
        { appId: fc.constant('app_f'), userId: printable(20), state: printable(20) },
        { requiredKeys: ['appId', 'userId'] },
      )
      .map((o) => JSON.stringify(o)),
    fc
      .record({ url: fc.oneof(webhookUrl, fc.integer()) }, { requiredKeys: [] })
      .map((o) => JSON.stringify(o)),
    webhookUrl.map((url) => JSON.stringify({ url })),
    actionBody.map((o) => JSON.stringify(o)),
    fc
      .record(
        {
          action: actionBody,
          days: fc.oneof(
            fc.constantFrom(['mon'], ['sat', 'sun'], [], ['mon', 'mon']),
            fc.jsonValue(),
          ),
          time: fc.oneof(fc.constantFrom('07:00', '23:59', '24:00', '7:00'), anyText),
          timezone: fc.oneof(
            fc.constantFrom('Europe/Amsterdam', 'UTC', '+01:00', 'Nowhere/X'),
            anyText,
          ),
          extra: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
  ),
);

const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS');
// Half the time a real route with its own method, the rest anything at all.
const target = fc.oneof(
  fc.oneof(
    fc.constant(['GET', '/api/devices'] as const),
    fc.constant(['GET', '/api/oems'] as const),
    fc.constant(['POST', '/api/journey/sessions'] as const),
    fc.constant(['GET', '/api/webhooks/endpoints'] as const),
    fc.constant(['POST', '/api/webhooks/endpoints'] as const),
    fc.constant(['GET', '/api/webhooks/deliveries'] as const),
    fc
      .tuple(fc.constantFrom(...DEVICE_TYPES), id)
      .map(([t, d]) => ['GET', `/api/${t}/${d}`] as const),
    id.map((d) => ['POST', `/api/sandbox/devices/${d}/disconnect`] as const),
    fc
      .tuple(id, fc.constantFrom('disable', 'enable', 'test'))
      .map(([e, a]) => ['POST', `/api/webhooks/endpoints/${e}/${a}`] as const),
    id.map((e) => ['DELETE', `/api/webhooks/endpoints/${e}`] as const),
    id.map((e) => ['POST', `/api/webhooks/events/${e}/replay`] as const),
    fc
      .tuple(
        fc.constantFrom('GET', 'POST'),
        fc.constantFrom(...DEVICE_TYPES),
        id,
        fc.constantFrom('actions', 'schedules'),
      )
      .map(([m, t, d, what]) => [m, `/api/${t}/${d}/${what}`] as const),
    fc
      .tuple(fc.constantFrom(...DEVICE_TYPES), id, id)
      .map(([t, d, sch]) => ['DELETE', `/api/${t}/${d}/schedules/${sch}`] as const),
    id.map((a) => ['GET', `/api/actions/${a}`] as const),
  ),
  fc.tuple(method, path),
);

const request = fc.record({
  target,
  query,
  headers: authHeaders,
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 3 },
    { arbitrary: contentType, weight: 1 },
  ),
  body,
});

const CODES = new Set(Object.keys(API_ERRORS));

describe('API under random and malformed requests', () => {
  it(`answers ${RUNS} random requests below 500, always in the envelope`, async () => {
    let checked = 0;
    const seen = new Map<string, number>();
    const tally = (label: string) => seen.set(label, (seen.get(label) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, target] = r.target;
        const headers: Record<string, string> = { ...r.headers };
        if (r.contentType !== null) headers['content-type'] = r.contentType;
        const hasBody = r.body !== null && method !== 'GET' && method !== 'HEAD';
        let req: Request;
        try {
          req = new Request(`http://localhost${target}${r.query === null ? '' : `?${r.query}`}`, {
            method,
            headers,
            body: hasBody ? r.body : undefined,
          });
        } catch {
          // Not representable as an HTTP request at all (e.g. a header value no client could send).
          fc.pre(false);
          return;
        }
        const res = await app.request(req);
        checked++;
        tally(String(res.status));
        expect(res.status, `${method} ${req.url}`).toBeLessThan(500);
        if (method === 'HEAD') return;
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const parsed: unknown = await res.json();
        const url = new URL(req.url);
        if (url.pathname === OPENAPI_PATH && res.status === 200) {
          expect(parsed).toHaveProperty('openapi', '3.1.0');
          return;
        }
        const envelope = parsed as Envelope;
        expect(typeof envelope.meta.requestId).toBe('string');
        expect(envelope.meta.timestamp).toBe(TEST_NOW.toISOString());
        expect(typeof envelope.meta.path).toBe('string');
        if (envelope.success) {
          expect([200, 201, 202]).toContain(res.status);
          if (!PUBLIC_PATHS.has(url.pathname)) {
            expect(res.headers.get('x-ratelimit-limit')).not.toBeNull();
            expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
            expect(res.headers.get('x-ratelimit-reset')).not.toBeNull();
          }
        } else {
          expect(envelope.success).toBe(false);
          const code = envelope.error?.code ?? '';
          expect(CODES.has(code), code).toBe(true);
          expect(res.status, code).toBe(API_ERRORS[code as ApiErrorCode].status);
          expect(typeof envelope.error?.message).toBe('string');
          tally(code);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
    expect(checked).toBeGreaterThanOrEqual(RUNS * 0.95);
    // The generators reach past authentication into every kind of answer, not just 401s.
    for (const label of [
      '200',
      '201',
      '400',
      '401',
      '403',
      '404',
      'VALIDATION_ERROR',
      'INVALID_API_KEY',
      'EXPIRED_TOKEN',
      'LIVE_ACCESS_DISABLED',
      'INSUFFICIENT_PERMISSIONS',
      'DEVICE_NOT_FOUND',
      'NOT_FOUND',
      'UNAUTHORIZED',
    ]) {
      expect(seen.get(label) ?? 0, label).toBeGreaterThan(0);
    }
  }, 120_000);
});
