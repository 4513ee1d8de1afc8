import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { Environment } from '../../db/schema';
import { tablesFor } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import { signLaunchToken, signStepToken } from '../../tokens';
import { launchJourney } from './launch';
import { createLaunchLimiter } from './launch-limiter';
import {
  T0,
  TEST_CONFIG,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  launch,
  loadSession,
  minutesAfter,
  parseRedirect,
  sessionIdOf,
  steps,
} from './test-support';

const { chooseDeviceType, chooseOem } = steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

async function sessionsOf(env: Environment, customerId: string) {
  const t = tablesFor(env);
  return db().select().from(t.journeySessions).where(eq(t.journeySessions.customerId, customerId));
}

describe('launch validation', () => {
  it('opens a sandbox session by default, with the branding and a safe exit URL', async () => {
    const { customerId, appId } = await createTestApp(db());
    const outcome = await launchJourney(depsAt(db(), T0), { appId, userId: 'u-1', state: 's-1' });
    if (!outcome.ok) throw new Error(outcome.code);
    expect(outcome.journey.branding).toEqual({
      appName: 'Test App',
      logoUrl: null,
      primaryColor: null,
    });
    expect(outcome.journey.screen).toMatchObject({
      mode: 'connect',
      canGoBack: false,
      view: { step: 'device_type' },
    });
    expect(parseRedirect(outcome.journey.exitUrl).params).toEqual({
      keep: '1',
      status: 'error',
      error: 'SESSION_EXPIRED',
      userId: 'u-1',
      state: 's-1',
    });
    const [session, ...others] = await sessionsOf('sandbox', customerId);
    expect(others).toEqual([]);
    expect(session).toMatchObject({
      id: sessionIdOf(outcome.journey.screen.token),
      appId,
      userId: 'u-1',
      state: 's-1',
      mode: 'connect',
      status: 'active',
      step: 'device_type',
      version: 1,
      createdAt: T0,
      expiresAt: minutesAfter(T0, 60),
    });
    expect(await sessionsOf('live', customerId)).toEqual([]);
  });

  it.each([
    ['an unknown app', { appId: 'app_doesnotexist', userId: 'u' }, 'APP_NOT_FOUND'],
    ['no appId', { appId: undefined, userId: 'u' }, 'APP_NOT_FOUND'],
    ['a malformed appId', { appId: 'app id; drop', userId: 'u' }, 'INVALID_LAUNCH'],
    ['a malformed environment', { userId: 'u', environment: 'production' }, 'INVALID_LAUNCH'],
    ['an over-long state', { userId: 'u', state: 'x'.repeat(1025) }, 'INVALID_LAUNCH'],
    ['a missing userId', {}, 'MISSING_USER_ID'],
    ['an empty userId', { userId: '' }, 'INVALID_LAUNCH'],
    [
      'an unsigned live launch (anyone can write such a link)',
      { userId: 'u', environment: 'live' },
      'SIGNED_LAUNCH_REQUIRED',
    ],
  ])('refuses %s', async (_, params: Record<string, string | undefined>, code) => {
    const { customerId, appId } = await createTestApp(db());
    const outcome = await launchJourney(depsAt(db(), T0), { appId, ...params });
    expect(outcome).toMatchObject({ ok: false, code });
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
    expect(await sessionsOf('live', customerId)).toEqual([]);
  });

  it('opens a live session for a customer with live access', async () => {
    const { customerId, appId } = await createTestApp(db(), { liveEnabled: true });
    const screen = await launch(depsAt(db(), T0), { appId, userId: 'u', environment: 'live' });
    expect(screen.view.step).toBe('device_type');
    expect(await sessionsOf('live', customerId)).toHaveLength(1);
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
  });

  it('takes app, user, state and environment from a signed launch token', async () => {
    const { customerId, appId } = await createTestApp(db(), { liveEnabled: true });
    const { token } = await signLaunchToken(
      { appId, userId: 'from-token', environment: 'live', state: 'tok-state' },
      TEST_CONFIG.appSecret,
      T0,
    );
    // Query parameters beside the token do not override what the API signed.
    const outcome = await launchJourney(depsAt(db(), minutesAfter(T0, 5)), {
      launch: token,
      userId: 'intruder',
      environment: 'sandbox',
    });
    if (!outcome.ok) throw new Error(outcome.code);
    const session = await loadSession(db(), 'live', sessionIdOf(outcome.journey.screen.token));
    expect(session).toMatchObject({ customerId, appId, userId: 'from-token', state: 'tok-state' });
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
  });

  it('refuses a tampered, expired or foreign launch token', async () => {
    const { customerId, appId } = await createTestApp(db());
    const { token } = await signLaunchToken(
      { appId, userId: 'u', environment: 'sandbox' },
      TEST_CONFIG.appSecret,
      T0,
    );
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, uid: 'someone-else' })).toString(
      'base64url',
    );
    const tampered = `${header}.${forged}.${signature}`;
    const otherKey = (
      await signLaunchToken({ appId, userId: 'u', environment: 'sandbox' }, 'x'.repeat(40), T0)
    ).token;
    const stepToken = (
      await signStepToken(
        { sid: 'jrn_x', env: 'sandbox', app: appId, mode: 'connect', step: 'device_type', ver: 1 },
        TEST_CONFIG.appSecret,
        T0,
      )
    ).token;

    const deps = depsAt(db(), minutesAfter(T0, 1));
    for (const launchToken of [tampered, otherKey, stepToken, 'garbage']) {
      expect(await launchJourney(deps, { launch: launchToken })).toMatchObject({
        ok: false,
        code: 'INVALID_LAUNCH',
      });
    }
    // Launch tokens live 15 minutes.
    expect(
      await launchJourney(depsAt(db(), minutesAfter(T0, 16)), { launch: token }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_LAUNCH',
    });
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
    // The genuine token, in time, works.
    expect((await launchJourney(deps, { launch: token })).ok).toBe(true);
  });

  it('refuses a signed live launch for a customer without live access', async () => {
    const { appId } = await createTestApp(db());
    const { token } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live' },
      TEST_CONFIG.appSecret,
      T0,
    );
    expect(await launchJourney(depsAt(db(), T0), { launch: token })).toMatchObject({
      ok: false,
      code: 'LIVE_ACCESS_DISABLED',
    });
  });
});

describe('catalogue filtering', () => {
  // Volta and Stellar are standard tier; Ampere and Current premium; Helios and Nimbus not supported.
  const app = { supportedOems: ['volta', 'ampere', 'stellar', 'current'] };

  async function firstScreen(environment: Environment, entitledTiers?: ('standard' | 'premium')[]) {
    const created = await createTestApp(db(), {
      liveEnabled: true,
      app: { ...app, ...(entitledTiers ? { entitledTiers } : {}) },
    });
    const deps = depsAt(db(), T0);
    return { deps, screen: await launch(deps, { appId: created.appId, userId: 'u', environment }) };
  }

  it('in live lists only supported OEMs of entitled tiers', async () => {
    const { deps, screen } = await firstScreen('live');
    expect(screen.view).toMatchObject({
      step: 'device_type',
      title: 'What would you like to connect?',
      legend: 'Device type',
      deviceTypes: [
        { id: 'vehicle', label: 'Vehicle' },
        { id: 'battery', label: 'Battery' },
      ],
    });
    const oemStep = expectScreen(await chooseDeviceType(deps, screen.token, { id: 'vehicle' }));
    expect(oemStep.view).toMatchObject({
      step: 'oem',
      title: 'Who makes your vehicle?',
      deviceTypeLabel: 'Vehicle',
      oems: [{ id: 'volta', label: 'Volta Motors', logo: '/oems/volta.svg' }],
    });

    // An OEM that is not listed (premium, not entitled) cannot be chosen by sending its id.
    const refused = expectFailure(await chooseOem(deps, oemStep.token, { id: 'ampere' }));
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.fieldErrors).toHaveProperty('id');
    const session = await loadSession(db(), 'live', sessionIdOf(screen.token));
    expect(session).toMatchObject({ step: 'oem', oem: null, version: 2 });
    expect(expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' })).view.step).toBe(
      'credentials',
    );
  });

  it('in live refuses a device type that has no listed OEM', async () => {
    const { deps, screen } = await firstScreen('live');
    for (const id of ['ev_charger', 'solar_inverter', 'toaster']) {
      expect(expectFailure(await chooseDeviceType(deps, screen.token, { id })).code).toBe(
        'INVALID_INPUT',
      );
    }
    expect((await loadSession(db(), 'live', sessionIdOf(screen.token))).step).toBe('device_type');
  });

  it('in live lists premium OEMs when the app is entitled to them', async () => {
    const { deps, screen } = await firstScreen('live', ['standard', 'premium']);
    expect(screen.view.step === 'device_type' && screen.view.deviceTypes.map((c) => c.id)).toEqual([
      'vehicle',
      'battery',
      'ev_charger',
    ]);
    const oemStep = expectScreen(await chooseDeviceType(deps, screen.token, { id: 'vehicle' }));
    expect(oemStep.view.step === 'oem' && oemStep.view.oems.map((o) => o.id)).toEqual([
      'volta',
      'ampere',
    ]);
  });

  it('in sandbox lists every supported OEM whatever its tier, and nothing unsupported', async () => {
    const { deps, screen } = await firstScreen('sandbox');
    expect(screen.view.step === 'device_type' && screen.view.deviceTypes.map((c) => c.id)).toEqual([
      'vehicle',
      'battery',
      'ev_charger',
    ]);
    const oemStep = expectScreen(await chooseDeviceType(deps, screen.token, { id: 'vehicle' }));
    expect(oemStep.view.step === 'oem' && oemStep.view.oems.map((o) => o.id)).toEqual([
      'volta',
      'ampere',
    ]);
    // Not supported by the app, or of another device type: not choosable.
    for (const id of ['helios', 'nimbus', 'stellar']) {
      expect(expectFailure(await chooseOem(deps, oemStep.token, { id })).code).toBe(
        'INVALID_INPUT',
      );
    }
    expect(expectScreen(await chooseOem(deps, oemStep.token, { id: 'ampere' })).view.step).toBe(
      'auth_method',
    );
  });

  it('in sandbox, an app without a supported list offers the whole catalogue', async () => {
    const { appId } = await createTestApp(db());
    const screen = await launch(depsAt(db(), T0), { appId, userId: 'u' });
    expect(screen.view.step === 'device_type' && screen.view.deviceTypes.map((c) => c.id)).toEqual([
      'vehicle',
      'battery',
      'solar_inverter',
      'hvac',
      'ev_charger',
    ]);
  });
});

describe('journey creation budgets', () => {
  it('100 parallel launches from one address open at most the address budget; the rest are refused', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = {
      ...depsAt(db(), T0),
      clientAddress: '203.0.113.9',
      launchLimiter: createLaunchLimiter({ perAddress: 30, perApp: 600 }),
    };
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => launchJourney(deps, { appId, userId: `flood-${i}` })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(30);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.code)).toEqual(
      Array.from({ length: 70 }, () => 'LAUNCH_RATE_LIMITED'),
    );
    // Refused launches leave no session behind.
    expect(await sessionsOf('sandbox', customerId)).toHaveLength(30);
    // Someone at another address is not affected.
    expect(
      (await launchJourney({ ...deps, clientAddress: '198.51.100.1' }, { appId, userId: 'x' })).ok,
    ).toBe(true);
  });

  it('an app’s budget holds across addresses, and other apps keep theirs', async () => {
    const busy = await createTestApp(db());
    const quiet = await createTestApp(db());
    const launchLimiter = createLaunchLimiter({ perAddress: 5, perApp: 12 });
    const from = (i: number) => ({
      ...depsAt(db(), T0),
      clientAddress: `192.0.2.${i}`,
      launchLimiter,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        launchJourney(from(i % 10), { appId: busy.appId, userId: `u-${i}` }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(12);
    expect(await sessionsOf('sandbox', busy.customerId)).toHaveLength(12);
    expect((await launchJourney(from(50), { appId: quiet.appId, userId: 'q' })).ok).toBe(true);
  });

  it('a signed launch is counted too', async () => {
    const { appId } = await createTestApp(db(), { liveEnabled: true });
    const deps = {
      ...depsAt(db(), T0),
      clientAddress: '203.0.113.10',
      launchLimiter: createLaunchLimiter({ perAddress: 1, perApp: 100 }),
    };
    const { token } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live' },
      TEST_CONFIG.appSecret,
      T0,
    );
    expect((await launchJourney(deps, { launch: token })).ok).toBe(true);
    expect(await launchJourney(deps, { launch: token })).toMatchObject({
      ok: false,
      code: 'LAUNCH_RATE_LIMITED',
    });
  });
});

describe('launch input', () => {
  it.each([
    ['a NUL in userId', { userId: 'a\0b' }],
    ['a NUL in state', { userId: 'u', state: 'x\0' }],
    ['a lone surrogate in userId', { userId: 'a\uD800' }],
    ['a lone surrogate in state', { userId: 'u', state: '\uDC00' }],
  ])('refuses %s as an invalid link (never a database error)', async (_, params) => {
    const { customerId, appId } = await createTestApp(db());
    const outcome = await launchJourney(depsAt(db(), T0), { appId, ...params });
    expect(outcome).toMatchObject({ ok: false, code: 'INVALID_LAUNCH' });
    expect(!outcome.ok && outcome.detail).toMatch(/NUL characters or unpaired surrogates/);
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
  });
});

describe('launch language', () => {
  it('keeps the negotiated language on the session', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = { ...depsAt(db(), T0), language: 'nl' as const };
    const outcome = await launchJourney(deps, { appId, userId: 'u-nl', language: 'nl' });
    expect(outcome.ok).toBe(true);
    const [session] = await sessionsOf('sandbox', customerId);
    expect(session?.language).toBe('nl');
  });

  it("words every screen in the journey's language, whatever a later request negotiates", async () => {
    const { appId } = await createTestApp(db());
    const launched = await launchJourney(
      { ...depsAt(db(), T0), language: 'de' },
      { appId, userId: 'u-de', language: 'de' },
    );
    if (!launched.ok) throw new Error(launched.code);
    const { screen, words } = launched.journey;
    expect(screen.view).toMatchObject({ title: 'Was möchten Sie verbinden?', legend: 'Gerätetyp' });
    expect(words).toMatchObject({ language: 'de', back: 'Zurück', cancel: 'Abbrechen' });
    // A step answered with an English request still speaks the journey's German.
    const english = { ...depsAt(db(), T0), language: 'en' as const };
    const oemStep = expectScreen(await chooseDeviceType(english, screen.token, { id: 'vehicle' }));
    expect(oemStep.view).toMatchObject({ title: 'Von welchem Hersteller ist Ihr Fahrzeug?' });
    const refused = expectFailure(await chooseOem(english, oemStep.token, { id: 'nope' }));
    expect(refused.message).toBe('Einige der übermittelten Angaben sind nicht gültig.');
    expect(refused.fieldErrors).toEqual({ id: 'Wählen Sie einen der aufgeführten Hersteller' });
  });

  it('speaks English when nothing was negotiated', async () => {
    const { customerId, appId } = await createTestApp(db());
    expect((await launchJourney(depsAt(db(), T0), { appId, userId: 'u-en' })).ok).toBe(true);
    const [session] = await sessionsOf('sandbox', customerId);
    expect(session?.language).toBe('en');
  });

  it('refuses a language the journey does not speak, naming those it does', async () => {
    const { customerId, appId } = await createTestApp(db());
    const outcome = await launchJourney(depsAt(db(), T0), { appId, userId: 'u', language: 'pt' });
    expect(outcome).toMatchObject({
      ok: false,
      code: 'INVALID_LAUNCH',
      detail: 'language must be one of en, de, fr, es, nl',
    });
    expect(await sessionsOf('sandbox', customerId)).toEqual([]);
  });
});
