import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { verifyLaunchToken } from '../tokens';
import { MAX_BODY_BYTES } from './app';
import {
  TEST_CONFIG,
  TEST_NOW,
  createTestApp,
  readEnvelope,
  seedCustomer,
  seedKey,
} from './test-fixtures';

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let key: string;
let liveKey: string;

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_j', { appId: 'app_j', liveEnabled: true });
  await seedCustomer(handle.db, 'cus_other', { appId: 'app_other' });
  key = (await seedKey(handle.db, 'cus_j', 'sandbox')).key;
  liveKey = (await seedKey(handle.db, 'cus_j', 'live')).key;
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

function post(
  body: string | undefined,
  options: { key?: string; contentType?: string | null } = {},
) {
  const headers: Record<string, string> = { 'x-api-key': options.key ?? key };
  if (options.contentType !== null)
    headers['content-type'] = options.contentType ?? 'application/json';
  return app.request('/api/journey/sessions', { method: 'POST', headers, body });
}

describe('POST /api/journey/sessions', () => {
  it('returns a launch URL on PUBLIC_BASE_URL carrying a signed launch token', async () => {
    const res = await post(JSON.stringify({ appId: 'app_j', userId: 'user-1', state: 'xyz' }));
    expect(res.status).toBe(201);
    const body = await readEnvelope(res);
    const data = body.data as { url: string; expiresAt: string };
    const url = new URL(data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${TEST_CONFIG.publicBaseUrl}/journey`);
    const token = url.searchParams.get('launch') ?? '';
    const claims = await verifyLaunchToken(token, TEST_CONFIG.appSecret, TEST_NOW);
    expect(claims).toMatchObject({ app: 'app_j', uid: 'user-1', env: 'sandbox', state: 'xyz' });
    expect(new Date(data.expiresAt).getTime()).toBeGreaterThan(TEST_NOW.getTime());
  });

  it("uses the key's environment", async () => {
    const res = await post(JSON.stringify({ appId: 'app_j', userId: 'user-1' }), { key: liveKey });
    expect(res.status).toBe(201);
    const { url } = (await readEnvelope(res)).data as { url: string };
    const token = new URL(url).searchParams.get('launch') ?? '';
    expect((await verifyLaunchToken(token, TEST_CONFIG.appSecret, TEST_NOW)).env).toBe('live');
  });

  it("answers APP_NOT_FOUND alike for another customer's app and an unknown app", async () => {
    const bodies: unknown[] = [];
    for (const appId of ['app_other', 'app_nope']) {
      const res = await post(JSON.stringify({ appId, userId: 'user-1' }));
      expect(res.status).toBe(404);
      bodies.push((await readEnvelope(res)).error);
    }
    expect(bodies[0]).toEqual({ code: 'APP_NOT_FOUND', message: expect.any(String) });
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('puts the journey’s language on the launch URL, normalised', async () => {
    for (const [language, expected] of [
      ['de', 'de'],
      ['FR-be', 'fr'],
    ]) {
      const res = await post(JSON.stringify({ appId: 'app_j', userId: 'u', language }));
      expect(res.status).toBe(201);
      const { url } = (await readEnvelope(res)).data as { url: string };
      expect(new URL(url).searchParams.get('language')).toBe(expected);
    }
    const res = await post(JSON.stringify({ appId: 'app_j', userId: 'u' }));
    const { url } = (await readEnvelope(res)).data as { url: string };
    expect(new URL(url).searchParams.has('language')).toBe(false);
  });

  it('names the languages it speaks when refusing one', async () => {
    const res = await post(JSON.stringify({ appId: 'app_j', userId: 'u', language: 'pt' }));
    const envelope = await readEnvelope(res);
    expect(envelope.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'language',
      message: expect.stringContaining('en, de, fr, es, nl'),
    });
  });

  it('answers VALIDATION_ERROR naming the field for bad bodies', async () => {
    const cases: Array<[string | undefined, string | null | undefined, string]> = [
      [JSON.stringify({ appId: 'app_j' }), undefined, 'userId'],
      [JSON.stringify({ userId: 'u' }), undefined, 'appId'],
      [JSON.stringify({ appId: 'app_j', userId: '' }), undefined, 'userId'],
      [JSON.stringify({ appId: 'app_j', userId: 'u'.repeat(257) }), undefined, 'userId'],
      [JSON.stringify({ appId: 'app_j', userId: 7 }), undefined, 'userId'],
      [JSON.stringify({ appId: 'app_j', userId: 'u', state: 5 }), undefined, 'state'],
      [JSON.stringify({ appId: 'app_j', userId: 'u', admin: true }), undefined, 'admin'],
      [JSON.stringify({ appId: 'app_j', userId: 'u', language: 'pt' }), undefined, 'language'],
      [JSON.stringify({ appId: 'app_j', userId: 'u', language: 3 }), undefined, 'language'],
      [JSON.stringify([1, 2]), undefined, 'body'],
      ['null', undefined, 'body'],
      ['{"appId": "app_j",', undefined, 'body'],
      ['', undefined, 'body'],
      [undefined, undefined, 'body'],
      [JSON.stringify({ appId: 'app_j', userId: 'u' }), 'text/plain', 'content-type'],
      [JSON.stringify({ appId: 'app_j', userId: 'u' }), null, 'content-type'],
      [
        JSON.stringify({ appId: 'app_j', userId: 'u', state: 'x'.repeat(MAX_BODY_BYTES) }),
        undefined,
        'body',
      ],
    ];
    for (const [body, contentType, field] of cases) {
      const res = await post(body, { contentType });
      const label = `${String(body).slice(0, 40)} (${String(contentType)})`;
      expect(res.status, label).toBe(400);
      const envelope = await readEnvelope(res);
      expect(envelope.error, label).toMatchObject({ code: 'VALIDATION_ERROR', field });
      expect(envelope.meta.path).toBe('/api/journey/sessions');
    }
  });
});

describe('POST /api/journey/sessions with deviceType and oem', () => {
  async function claimsOf(res: Response) {
    const { url } = (await readEnvelope(res)).data as { url: string };
    const token = new URL(url).searchParams.get('launch') ?? '';
    return verifyLaunchToken(token, TEST_CONFIG.appSecret, TEST_NOW);
  }

  it('signs the device type and OEM into the launch', async () => {
    const res = await post(
      JSON.stringify({ appId: 'app_j', userId: 'u', deviceType: 'vehicle', oem: 'volta' }),
    );
    expect(res.status).toBe(201);
    expect(await claimsOf(res)).toMatchObject({ dt: 'vehicle', oem: 'volta' });
    const typeOnly = await post(
      JSON.stringify({ appId: 'app_j', userId: 'u', deviceType: 'hvac' }),
    );
    expect(typeOnly.status).toBe(201);
    const claims = await claimsOf(typeOnly);
    expect(claims.dt).toBe('hvac');
    expect(claims.oem).toBeUndefined();
  });

  it('refuses an unknown OEM, a mismatching device type and an OEM outside the live tiers', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp, string?]> = [
      [{ oem: 'tesla' }, 'oem', /"tesla" is not one of this app’s supported OEMs/],
      [
        { oem: 'volta', deviceType: 'battery' },
        'oem',
        /Volta Motors .* makes vehicles, not batteries/,
      ],
      [{ deviceType: 'toaster' }, 'deviceType', /must be one of vehicle/],
      [{ oem: 'Volta' }, 'oem', /OEM id/],
      // Live sees only the app's entitled tiers (standard): Ampere Auto is premium.
      [{ oem: 'ampere' }, 'oem', /supported OEMs in live/, liveKey],
      // …and no ev_charger OEM is standard tier.
      [
        { deviceType: 'ev_charger' },
        'deviceType',
        /none of this app’s supported OEMs makes EV chargers/,
        liveKey,
      ],
    ];
    for (const [extra, field, message, withKey] of cases) {
      const res = await post(JSON.stringify({ appId: 'app_j', userId: 'u', ...extra }), {
        key: withKey,
      });
      const label = JSON.stringify(extra);
      expect(res.status, label).toBe(400);
      const { error } = await readEnvelope(res);
      expect(error, label).toMatchObject({ code: 'VALIDATION_ERROR', field });
      expect((error as { message: string }).message, label).toMatch(message);
    }
  });
});
