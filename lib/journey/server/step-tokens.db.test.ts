import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sandbox as t } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import { signLaunchToken, signStepToken } from '../../tokens';
import { commitStep, loadStep } from './step-context';
import {
  T0,
  TEST_CONFIG,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  journeyToConsent,
  launch,
  loadSession,
  minutesAfter,
  sessionIdOf,
  steps,
} from './test-support';

const {
  chooseAuthMethod,
  chooseDeviceType,
  chooseDevices,
  chooseOem,
  giveConsent,
  goBack,
  submitCredentials,
  submitMfa,
} = steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

/** The columns a refused step must leave alone. */
async function snapshot(sessionId: string) {
  const s = await loadSession(db(), 'sandbox', sessionId);
  return {
    version: s.version,
    step: s.step,
    status: s.status,
    deviceType: s.deviceType,
    updatedAt: s.updatedAt,
  };
}

describe('step tokens', () => {
  it('are good for one step: a replay is refused and changes nothing', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const sessionId = sessionIdOf(first.token);
    expect(
      expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' })).view.step,
    ).toBe('oem');

    const before = await snapshot(sessionId);
    expect(before).toMatchObject({ version: 2, step: 'oem', deviceType: 'vehicle' });
    const replay = expectFailure(
      await chooseDeviceType(depsAt(db(), minutesAfter(T0, 1)), first.token, { id: 'battery' }),
    );
    expect(replay.code).toBe('SESSION_EXPIRED');
    expect(replay.token).toBeUndefined();
    expect(await snapshot(sessionId)).toEqual(before);
  });

  it('refuse tokens for another session, signed with another key, tampered, or of another kind', async () => {
    const a = await createTestApp(db());
    const b = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const screenA = await launch(deps, { appId: a.appId, userId: 'ua' });
    const screenB = await launch(deps, { appId: b.appId, userId: 'ub' });
    const sidA = sessionIdOf(screenA.token);
    const sidB = sessionIdOf(screenB.token);
    const beforeA = await snapshot(sidA);
    const beforeB = await snapshot(sidB);

    const claimsB = {
      sid: sidB,
      env: 'sandbox',
      app: b.appId,
      mode: 'connect',
      step: 'device_type',
      ver: 1,
    } as const;
    // Session B named with app A's id: a token minted for A's app cannot drive B's session.
    const crossApp = (await signStepToken({ ...claimsB, app: a.appId }, TEST_CONFIG.appSecret, T0))
      .token;
    const otherKey = (await signStepToken(claimsB, 'another-secret-0123456789abcdefghijklmnop', T0))
      .token;
    // A's token with its payload swapped for B's claims, signature kept.
    const [header, , signature] = screenA.token.split('.');
    const payloadB = screenB.token.split('.')[1];
    const tampered = `${header}.${payloadB}.${signature}`;
    const launchToken = (
      await signLaunchToken(
        { appId: b.appId, userId: 'ub', environment: 'sandbox' },
        TEST_CONFIG.appSecret,
        T0,
      )
    ).token;
    const liveEnv = (await signStepToken({ ...claimsB, env: 'live' }, TEST_CONFIG.appSecret, T0))
      .token;

    for (const token of [
      crossApp,
      otherKey,
      tampered,
      launchToken,
      liveEnv,
      '',
      'not.a.jwt',
      undefined,
      42,
    ]) {
      const result = expectFailure(await chooseDeviceType(deps, token, { id: 'vehicle' }));
      expect(result.code).toBe('SESSION_EXPIRED');
    }
    expect(await snapshot(sidA)).toEqual(beforeA);
    expect(await snapshot(sidB)).toEqual(beforeB);
    // The genuine tokens still work.
    expect(
      expectScreen(await chooseDeviceType(deps, screenB.token, { id: 'vehicle' })).view.step,
    ).toBe('oem');
  });

  it.each([
    [9, 'oem'],
    [11, 'SESSION_EXPIRED'],
  ])('used %i minutes after it was issued → %s', async (minutes, outcome) => {
    const { appId } = await createTestApp(db());
    const first = await launch(depsAt(db(), T0), { appId, userId: 'u' });
    const result = await chooseDeviceType(depsAt(db(), minutesAfter(T0, minutes)), first.token, {
      id: 'vehicle',
    });
    if (result.ok) expect(result.data.view.step).toBe(outcome);
    else expect(result.code).toBe(outcome);
    const session = await loadSession(db(), 'sandbox', sessionIdOf(first.token));
    expect(session.step).toBe(outcome === 'oem' ? 'oem' : 'device_type');
  });

  it.each([
    [59, 'oem'],
    [61, 'SESSION_EXPIRED'],
  ])('a journey %i minutes old, with a freshly signed token → %s', async (minutes, outcome) => {
    const { appId } = await createTestApp(db());
    const first = await launch(depsAt(db(), T0), { appId, userId: 'u' });
    const sid = sessionIdOf(first.token);
    const at = minutesAfter(T0, minutes);
    // A token that is itself valid (just issued, right version and step): only the journey's age is off.
    const { token } = await signStepToken(
      { sid, env: 'sandbox', app: appId, mode: 'connect', step: 'device_type', ver: 1 },
      TEST_CONFIG.appSecret,
      at,
    );
    const result = await chooseDeviceType(depsAt(db(), at), token, { id: 'vehicle' });
    if (result.ok) expect(result.data.view.step).toBe(outcome);
    else expect(result.code).toBe(outcome);
  });

  it.each([
    ['an object', { token: 'x' }],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 })],
    ['an array', ['eyJ']],
    ['a number', 42],
    ['null', null],
    ['a boolean', true],
  ])(
    'answer a token sent as %s with SESSION_EXPIRED, never an internal error',
    async (_, token) => {
      const { appId } = await createTestApp(db());
      const deps = depsAt(db(), T0);
      await launch(deps, { appId, userId: 'u' });
      expect(await chooseDeviceType(deps, token, { id: 'vehicle' })).toMatchObject({
        ok: false,
        code: 'SESSION_EXPIRED',
      });
      expect(await goBack(deps, token)).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
    },
  );

  it('are refused by an action of another step, leaving the session as it was', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const before = await snapshot(sessionIdOf(first.token));
    expect(
      expectFailure(
        await submitCredentials(deps, first.token, {
          username: 'user_good',
          password: 'pass_good',
        }),
      ).code,
    ).toBe('NOT_ALLOWED');
    expect(expectFailure(await submitMfa(deps, first.token, { code: '123456' })).code).toBe(
      'NOT_ALLOWED',
    );
    expect(expectFailure(await chooseOem(deps, first.token, { id: 'volta' })).code).toBe(
      'INVALID_INPUT',
    );
    expect(expectFailure(await chooseAuthMethod(deps, first.token, { id: 'password' })).code).toBe(
      'NOT_ALLOWED',
    );
    expect(expectFailure(await giveConsent(deps, first.token)).code).toBe('NOT_ALLOWED');
    expect(await snapshot(sessionIdOf(first.token))).toEqual(before);
  });

  it('two concurrent uses of one token: one step is taken, the other refused', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const results = await Promise.all([
      chooseDeviceType(deps, first.token, { id: 'vehicle' }),
      chooseDeviceType(deps, first.token, { id: 'battery' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code))).toEqual([
      'SESSION_EXPIRED',
    ]);
    const session = await loadSession(db(), 'sandbox', sessionIdOf(first.token));
    expect(session).toMatchObject({ step: 'oem', version: 2 });
  });

  it('a step loaded before another request moved the session on cannot commit', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    // Both requests verified the same token before either wrote: the version check decides.
    const a = await loadStep(deps, first.token);
    const b = await loadStep(deps, first.token);
    await commitStep(a, { step: 'oem', deviceType: 'vehicle' });
    await expect(commitStep(b, { step: 'oem', deviceType: 'battery' })).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
    const session = await loadSession(db(), 'sandbox', sessionIdOf(first.token));
    expect(session).toMatchObject({ step: 'oem', deviceType: 'vehicle', version: 2 });
  });

  it('a double submit of consent registers the devices and emits the events once', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const { token, sessionId } = await journeyToConsent(deps, { appId, userId: 'u-double' });

    const results = await Promise.all([giveConsent(deps, token), giveConsent(deps, token)]);
    const succeeded = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(succeeded).toHaveLength(1);
    expect(refused.map((r) => (r.ok ? '' : r.code))).toEqual(['SESSION_EXPIRED']);

    expect(
      await db().select().from(t.devices).where(eq(t.devices.customerId, customerId)),
    ).toHaveLength(2);
    const events = await db()
      .select()
      .from(t.webhookEvents)
      .where(
        and(
          eq(t.webhookEvents.customerId, customerId),
          eq(t.webhookEvents.type, 'device.connected'),
        ),
      );
    expect(events).toHaveLength(2);
    const completed = await db()
      .select()
      .from(t.journeyEvents)
      .where(and(eq(t.journeyEvents.sessionId, sessionId), eq(t.journeyEvents.type, 'completed')));
    expect(completed).toHaveLength(1);
    expect(await loadSession(db(), 'sandbox', sessionId)).toMatchObject({
      status: 'completed',
      step: 'done',
    });
  });
});

describe('back', () => {
  it('before the credentials are sent, moves the session back and forgets later answers', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const sid = sessionIdOf(first.token);
    expect(first.canGoBack).toBe(false);
    expect(expectFailure(await goBack(deps, first.token)).code).toBe('NOT_ALLOWED');

    const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' }));
    expect(oemStep.canGoBack).toBe(true);
    // Ampere offers two methods: credentials → auth method → OEM → device type.
    const methods = expectScreen(await chooseOem(deps, oemStep.token, { id: 'ampere' }));
    expect(methods.view.step).toBe('auth_method');
    const credentials = expectScreen(
      await chooseAuthMethod(deps, methods.token, { id: 'api_key' }),
    );
    expect(credentials.view).toMatchObject({ step: 'credentials', authMethod: 'api_key' });
    expect(credentials.canGoBack).toBe(true);

    const backToMethods = expectScreen(await goBack(deps, credentials.token));
    expect(backToMethods.view.step).toBe('auth_method');
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      step: 'auth_method',
      oem: 'ampere',
      authMethod: null,
      version: 5,
    });
    // The spent token cannot go back twice.
    expect(expectFailure(await goBack(deps, credentials.token)).code).toBe('SESSION_EXPIRED');

    const backToOem = expectScreen(await goBack(deps, backToMethods.token));
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      step: 'oem',
      deviceType: 'vehicle',
      oem: null,
    });
    const backToType = expectView(await goBack(deps, backToOem.token), 'device_type');
    expect(backToType.deviceTypes.map((c) => c.id)).toContain('vehicle');
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      step: 'device_type',
      deviceType: null,
      oem: null,
    });
  });

  it('from credentials of a single-method OEM goes to the OEM step', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' }));
    const credentials = expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' }));
    expect(expectScreen(await goBack(deps, credentials.token)).view.step).toBe('oem');
  });

  it('after the credentials were sent, is NOT_ALLOWED and changes nothing', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'u' });
    const sid = sessionIdOf(first.token);
    const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' }));
    const credentials = expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' }));
    const mfa = expectScreen(
      await submitCredentials(deps, credentials.token, {
        username: 'user_mfa',
        password: 'pass_good',
      }),
    );
    expect(mfa.view.step).toBe('mfa');
    expect(mfa.canGoBack).toBe(false);
    let before = await snapshot(sid);
    expect(expectFailure(await goBack(deps, mfa.token)).code).toBe('NOT_ALLOWED');
    expect(await snapshot(sid)).toEqual(before);

    const devicesStep = expectScreen(await submitMfa(deps, mfa.token, { code: '123456' }));
    expect(devicesStep.view.step).toBe('devices');
    expect(devicesStep.canGoBack).toBe(false);
    before = await snapshot(sid);
    expect(expectFailure(await goBack(deps, devicesStep.token)).code).toBe('NOT_ALLOWED');
    expect(await snapshot(sid)).toEqual(before);
    // The refused Back spent nothing: the same token still moves on.
    const ids =
      devicesStep.view.step === 'devices' ? devicesStep.view.devices.map((d) => d.id) : [];
    const consent = expectScreen(await chooseDevices(deps, devicesStep.token, { deviceIds: ids }));
    expect(consent.canGoBack).toBe(false);
    expect(expectFailure(await goBack(deps, consent.token)).code).toBe('NOT_ALLOWED');
  });
});
