import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../crypto';
import type { DbHandle } from '../../db/client';
import { sandbox as t } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import {
  REDIRECT_URL,
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  journeyToConsent,
  launch,
  loadSession,
  minutesAfter,
  parseRedirect,
  sessionIdOf,
  steps,
} from './test-support';

const {
  cancel: cancelJourney,
  chooseDeviceType,
  chooseDevices,
  chooseOem,
  giveConsent,
  submitCredentials,
  submitMfa,
} = steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

async function connectedEvents(customerId: string) {
  const rows = await db()
    .select()
    .from(t.webhookEvents)
    .where(
      and(eq(t.webhookEvents.customerId, customerId), eq(t.webhookEvents.type, 'device.connected')),
    );
  return rows.map(
    (r) => r.payload as { type: string; environment: string; data: Record<string, unknown> },
  );
}

describe('a full connect journey through the service', () => {
  it('registers the chosen devices, stores the OEM tokens encrypted, and redirects with the result', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);

    const first = await launch(deps, { appId, userId: 'user-42', state: 'opaque state/1' });
    expect(first.view).toMatchObject({ step: 'device_type' });
    const journeyId = sessionIdOf(first.token);

    const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' }));
    expect(oemStep.view.step).toBe('oem');
    // Volta offers only passwords: the auth-method step is skipped.
    const credentials = expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' }));
    expect(credentials.view).toMatchObject({
      step: 'credentials',
      authMethod: 'password',
      oemName: 'Volta Motors',
    });

    const mfa = expectScreen(
      await submitCredentials(deps, credentials.token, {
        username: 'user_mfa',
        password: 'pass_good',
      }),
    );
    expect(mfa.view).toMatchObject({ step: 'mfa', attemptsLeft: 5 });

    const wrong = expectFailure(await submitMfa(deps, mfa.token, { code: '654321' }));
    expect(wrong).toMatchObject({ code: 'INVALID_MFA_CODE', attemptsLeft: 4 });
    // The token of the refused attempt is spent; the retry uses the fresh one.
    expect(expectFailure(await submitMfa(deps, mfa.token, { code: '123456' })).code).toBe(
      'SESSION_EXPIRED',
    );

    const devicesStep = expectScreen(await submitMfa(deps, wrong.token, { code: '123456' }));
    if (devicesStep.view.step !== 'devices') throw new Error(`got ${devicesStep.view.step}`);
    expect(devicesStep.view.devices).toHaveLength(2);
    expect(devicesStep.view.devices.every((d) => !d.alreadyConnected)).toBe(true);
    const oemDeviceIds = devicesStep.view.devices.map((d) => d.id);

    const consent = expectScreen(
      await chooseDevices(deps, devicesStep.token, { deviceIds: oemDeviceIds }),
    );
    expect(consent.view).toMatchObject({
      step: 'consent',
      appName: 'Test App',
      oemName: 'Volta Motors',
      mode: 'connect',
    });

    const done = expectView(await giveConsent(deps, consent.token), 'finished');
    expect(done.outcome).toBe('success');

    const devices = await db().select().from(t.devices).where(eq(t.devices.customerId, customerId));
    expect(devices).toHaveLength(2);
    expect(devices.map((d) => d.oemDeviceId).sort()).toEqual([...oemDeviceIds].sort());
    expect(
      devices.every((d) => d.status === 'connected' && d.type === 'vehicle' && d.oem === 'volta'),
    ).toBe(true);
    expect(devices.every((d) => d.appId === appId && !d.overage)).toBe(true);

    const [endUser, ...otherUsers] = await db()
      .select()
      .from(t.endUsers)
      .where(eq(t.endUsers.customerId, customerId));
    expect(otherUsers).toEqual([]);
    expect(endUser).toMatchObject({ customerId, userId: 'user-42' });
    expect(devices.every((d) => d.endUserId === endUser!.id)).toBe(true);

    const [credential, ...otherCredentials] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.customerId, customerId));
    expect(otherCredentials).toEqual([]);
    expect(credential).toMatchObject({
      endUserId: endUser!.id,
      appId,
      oem: 'volta',
      authMethod: 'password',
      status: 'active',
    });
    expect(devices.every((d) => d.credentialId === credential!.id)).toBe(true);
    // The stored secret decrypts to the OEM session, and the ciphertext reveals neither it nor the password.
    const oemSession = JSON.parse(
      decryptSecret(credential!.secret, deps.config.appSecret, credential!.id),
    ) as {
      accessToken: string;
      refreshToken: string;
    };
    expect(oemSession.accessToken).toMatch(/^sbx_at_/);
    expect(credential!.secret).not.toContain(oemSession.accessToken);
    expect(credential!.secret).not.toContain(oemSession.refreshToken);
    expect(credential!.secret).not.toContain('pass_good');
    expect(credential!.secret).not.toContain('user_mfa');

    const events = await connectedEvents(customerId);
    expect(events).toHaveLength(2);
    expect(
      events
        .map((e) => e.data)
        .sort((a, b) => String(a.deviceId).localeCompare(String(b.deviceId))),
    ).toEqual(
      [...devices]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((d) => ({
          deviceId: d.id,
          deviceType: 'vehicle',
          oem: 'volta',
          userId: 'user-42',
          appId,
          journeyId,
        })),
    );
    expect(events.every((e) => e.type === 'device.connected' && e.environment === 'sandbox')).toBe(
      true,
    );

    const { target, params } = parseRedirect(done.redirectUrl);
    expect(target).toBe(new URL(REDIRECT_URL).origin + new URL(REDIRECT_URL).pathname);
    expect(params).toEqual({
      keep: '1',
      status: 'success',
      journeyId,
      userId: 'user-42',
      deviceIds: expect.any(String),
      state: 'opaque state/1',
    });
    expect(params.deviceIds!.split(',').sort()).toEqual(devices.map((d) => d.id).sort());

    const session = await loadSession(db(), 'sandbox', journeyId);
    expect(session).toMatchObject({
      status: 'completed',
      step: 'done',
      oemSession: null,
      mfaFailures: 1,
    });
    expect([...(session.deviceIds ?? [])].sort()).toEqual(devices.map((d) => d.id).sort());
  });
});

describe('idempotent registration', () => {
  it('a second journey for the same user and OEM account lands on the same devices, without new events', async () => {
    const { customerId, appId } = await createTestApp(db());
    const firstDeps = depsAt(db(), T0);
    const first = await journeyToConsent(firstDeps, { appId, userId: 'u-1' });
    const firstDone = expectView(await giveConsent(firstDeps, first.token), 'finished');
    const firstIds = parseRedirect(firstDone.redirectUrl).params.deviceIds!.split(',');
    expect(firstIds).toHaveLength(2);

    // A day later the same person connects the same Volta account again.
    const laterDeps = depsAt(db(), minutesAfter(T0, 24 * 60));
    const launchScreen = await launch(laterDeps, { appId, userId: 'u-1' });
    const oemStep = expectScreen(
      await chooseDeviceType(laterDeps, launchScreen.token, { id: 'vehicle' }),
    );
    const credentials = expectScreen(await chooseOem(laterDeps, oemStep.token, { id: 'volta' }));
    const devicesStep = expectScreen(
      await submitCredentials(laterDeps, credentials.token, {
        username: 'user_good',
        password: 'pass_good',
      }),
    );
    if (devicesStep.view.step !== 'devices') throw new Error(`got ${devicesStep.view.step}`);
    // The devices step already marks them as connected.
    expect(devicesStep.view.devices.map((d) => d.alreadyConnected)).toEqual([true, true]);
    const consent = expectScreen(
      await chooseDevices(laterDeps, devicesStep.token, {
        deviceIds: devicesStep.view.devices.map((d) => d.id),
      }),
    );
    const secondDone = expectView(await giveConsent(laterDeps, consent.token), 'finished');
    const secondIds = parseRedirect(secondDone.redirectUrl).params.deviceIds!.split(',');

    expect([...secondIds].sort()).toEqual([...firstIds].sort());
    expect(
      await db().select().from(t.devices).where(eq(t.devices.customerId, customerId)),
    ).toHaveLength(2);
    expect(
      await db().select().from(t.credentials).where(eq(t.credentials.customerId, customerId)),
    ).toHaveLength(1);
    expect(
      await db().select().from(t.endUsers).where(eq(t.endUsers.customerId, customerId)),
    ).toHaveLength(1);
    const events = await connectedEvents(customerId);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.data.journeyId === first.sessionId)).toBe(true);
  });

  it('registers only the selected subset, and the rest later without repeating events', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const subset = await journeyToConsent(deps, {
      appId,
      userId: 'u-2',
      username: 'user_many',
      select: (ids) => ids.slice(0, 3),
    });
    expect(subset.discovered).toHaveLength(25);
    expectView(await giveConsent(deps, subset.token), 'finished');

    const rows = await db().select().from(t.devices).where(eq(t.devices.customerId, customerId));
    expect(rows.map((r) => r.oemDeviceId).sort()).toEqual([...subset.selected].sort());
    expect(await connectedEvents(customerId)).toHaveLength(3);

    // Connecting two more, one of them already connected: one new row and one new event.
    const laterDeps = depsAt(db(), minutesAfter(T0, 90));
    const more = await journeyToConsent(laterDeps, {
      appId,
      userId: 'u-2',
      username: 'user_many',
      select: (ids) => [ids[0]!, ids[3]!],
    });
    const done = expectView(await giveConsent(laterDeps, more.token), 'finished');
    expect(parseRedirect(done.redirectUrl).params.deviceIds!.split(',')).toHaveLength(2);
    expect(
      await db().select().from(t.devices).where(eq(t.devices.customerId, customerId)),
    ).toHaveLength(4);
    const events = await connectedEvents(customerId);
    expect(events).toHaveLength(4);
    expect(events.filter((e) => e.data.journeyId === more.sessionId)).toHaveLength(1);
  });

  it('refuses a selection of devices the OEM did not list', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const screen = await launch(deps, { appId, userId: 'u-3' });
    const oemStep = expectScreen(await chooseDeviceType(deps, screen.token, { id: 'vehicle' }));
    const credentials = expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' }));
    const devicesStep = expectScreen(
      await submitCredentials(deps, credentials.token, {
        username: 'user_good',
        password: 'pass_good',
      }),
    );
    const refused = expectFailure(
      await chooseDevices(deps, devicesStep.token, { deviceIds: ['VM-NOTMINE'] }),
    );
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.fieldErrors).toHaveProperty('deviceIds');
    expect((await loadSession(db(), 'sandbox', sessionIdOf(screen.token))).step).toBe('devices');
  });
});

describe('cancel', () => {
  it.each([
    ['device_type', 0],
    ['oem', 1],
    ['credentials', 2],
  ] as const)(
    'at %s returns to the app with status=cancelled, the step, the user, the maker once chosen and the state',
    async (step, moves) => {
      const { appId } = await createTestApp(db());
      const deps = depsAt(db(), T0);
      let screen = await launch(deps, { appId, userId: 'u-9', state: 'st-9' });
      if (moves >= 1)
        screen = expectScreen(await chooseDeviceType(deps, screen.token, { id: 'vehicle' }));
      if (moves >= 2) screen = expectScreen(await chooseOem(deps, screen.token, { id: 'volta' }));
      expect(screen.view.step).toBe(step);

      const done = expectView(await cancelJourney(deps, screen.token), 'finished');
      expect(done.outcome).toBe('cancelled');
      expect(parseRedirect(done.redirectUrl)).toEqual({
        target: 'https://app.example.test/callback',
        params: {
          keep: '1',
          status: 'cancelled',
          reason: 'user_exit',
          step,
          userId: 'u-9',
          ...(moves >= 2 ? { oem: 'volta' } : {}),
          state: 'st-9',
        },
      });
      const session = await loadSession(db(), 'sandbox', sessionIdOf(screen.token));
      expect(session).toMatchObject({ status: 'cancelled', completedAt: T0 });
      // A cancelled journey accepts nothing more.
      expect(expectFailure(await cancelJourney(deps, screen.token)).code).toBe('SESSION_EXPIRED');
    },
  );

  it('leaves out state when the launch had none', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const screen = await launch(deps, { appId, userId: 'u-10' });
    const done = expectView(await cancelJourney(deps, screen.token), 'finished');
    expect(parseRedirect(done.redirectUrl).params).toEqual({
      keep: '1',
      status: 'cancelled',
      reason: 'user_exit',
      step: 'device_type',
      userId: 'u-10',
    });
  });
});
