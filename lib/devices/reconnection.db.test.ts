import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../crypto';
import type { DbHandle } from '../db/client';
import { sandbox as t } from '../db/schema';
import { openTestDb } from '../db/testing';
import type { JourneyDeps } from '../journey/server';
import { launchReconnection, previewReconnection } from '../journey/server';
import {
  RECONNECT_REDIRECT_URL,
  T0,
  TEST_CONFIG,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  journeyToConsent,
  loadSession,
  minutesAfter,
  parseRedirect,
  sessionIdOf,
  steps,
} from '../journey/server/test-support';

const { chooseAuthMethod, giveConsent, submitCredentials, submitMfa } = steps;
import { disconnectCredentialForDevice } from './disconnect';
import { createReconnectionUrl } from './reconnect';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;
const DAY = 24 * 60;
const RECONNECT_PREFIX = `${TEST_CONFIG.publicBaseUrl}/journey/reconnect?token=`;

/** Connects `oem` devices for a user through the journey; returns the device ids. */
async function connect(
  deps: JourneyDeps,
  input: { appId: string; userId: string; oem?: string; deviceType?: string; username?: string },
): Promise<string[]> {
  const { token } = await journeyToConsent(deps, input);
  const done = expectView(await giveConsent(deps, token), 'finished');
  return parseRedirect(done.redirectUrl).params.deviceIds!.split(',');
}

async function devicesOf(customerId: string) {
  return db()
    .select()
    .from(t.devices)
    .where(eq(t.devices.customerId, customerId))
    .orderBy(t.devices.id);
}

async function eventsOf(customerId: string, type: string) {
  const rows = await db()
    .select()
    .from(t.webhookEvents)
    .where(and(eq(t.webhookEvents.customerId, customerId), eq(t.webhookEvents.type, type)));
  return rows.map((r) => (r.payload as { data: Record<string, unknown> }).data);
}

// Code-unit order, as Array#sort orders the expected ids (ids are mixed-case base62).
const byDeviceId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.deviceId) < String(b.deviceId) ? -1 : 1;
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

/** A neighbour's Nimbus devices (2), a person's Volta devices (user_good, 2); then Volta disconnected. */
async function disconnectedVolta() {
  const app = await createTestApp(db());
  const deps = depsAt(db(), T0);
  // Another end user of the same customer connected first: events must name the right one.
  const nimbus = await connect(deps, {
    appId: app.appId,
    userId: 'neighbour',
    deviceType: 'hvac',
    oem: 'nimbus',
  });
  const volta = await connect(deps, { appId: app.appId, userId: 'person' });
  const at = minutesAfter(T0, 2 * DAY);
  const result = await disconnectCredentialForDevice(db(), 'sandbox', app.customerId, volta[1]!, {
    reason: 'credentials_expired',
    now: at,
    config: TEST_CONFIG,
  });
  if (!result) throw new Error('not disconnected');
  const [event] = await eventsOf(app.customerId, 'device.disconnected');
  const url = String(event?.reconnectionUrl);
  return { ...app, volta, nimbus, result, at, url, token: tokenOf(url) };
}

describe('disconnection', () => {
  it('disconnects every device of the credential and announces each with a reconnection URL', async () => {
    const { customerId, appId, volta, nimbus, result, at, url } = await disconnectedVolta();
    expect([...result.deviceIds].sort()).toEqual([...volta].sort());

    const rows = await devicesOf(customerId);
    for (const row of rows) {
      if (volta.includes(row.id))
        expect(row).toMatchObject({ status: 'disconnected', disconnectedAt: at });
      else expect(row).toMatchObject({ status: 'connected', disconnectedAt: null });
    }
    expect(rows.filter((r) => nimbus.includes(r.id))).toHaveLength(2);
    const [credential] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));
    expect(credential?.status).toBe('expired');

    const events = await eventsOf(customerId, 'device.disconnected');
    expect(url.startsWith(RECONNECT_PREFIX)).toBe(true);
    expect(events.sort(byDeviceId)).toEqual(
      [...volta].sort().map((deviceId) => ({
        deviceId,
        deviceType: 'vehicle',
        oem: 'volta',
        userId: 'person',
        appId,
        reason: 'credentials_expired',
        reconnectionUrl: url,
      })),
    );
    const links = await db()
      .select()
      .from(t.reconnectionLinks)
      .where(eq(t.reconnectionLinks.credentialId, result.credentialId));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      createdAt: at,
      expiresAt: minutesAfter(at, 7 * DAY),
      usedAt: null,
    });
  });

  it('does nothing for a device of another customer, and nothing twice', async () => {
    const { customerId, volta } = await disconnectedVolta();
    const other = await createTestApp(db());
    const options = { reason: 'x', now: minutesAfter(T0, 3 * DAY), config: TEST_CONFIG };
    expect(
      await disconnectCredentialForDevice(db(), 'sandbox', other.customerId, volta[0]!, options),
    ).toBeNull();
    expect(
      await disconnectCredentialForDevice(db(), 'live', customerId, volta[0]!, options),
    ).toBeNull();
    const again = await disconnectCredentialForDevice(
      db(),
      'sandbox',
      customerId,
      volta[0]!,
      options,
    );
    expect(again?.deviceIds).toEqual([]);
    expect(await eventsOf(customerId, 'device.disconnected')).toHaveLength(2);
  });
});

describe('reconnection', () => {
  it('a GET of the link (a mail scanner, a link preview) does not use it up; Continue does', async () => {
    const { token, at } = await disconnectedVolta();
    const deps = depsAt(db(), minutesAfter(at, DAY));
    for (let visit = 0; visit < 3; visit++) {
      expect(await previewReconnection(deps, token)).toMatchObject({
        ok: true,
        preview: { oemName: 'Volta Motors', branding: { appName: 'Test App' } },
      });
    }
    expect((await launchReconnection(deps, token)).ok).toBe(true);
    expect(await previewReconnection(deps, token)).toMatchObject({ ok: false, code: 'LINK_USED' });
    expect(await launchReconnection(deps, token)).toMatchObject({ ok: false, code: 'LINK_USED' });
  });

  it('with the same account reconnects the same devices and returns to the reconnect URL', async () => {
    const { customerId, appId, volta, nimbus, result, at, token } = await disconnectedVolta();
    const deps = depsAt(db(), minutesAfter(at, DAY));
    const outcome = await launchReconnection(deps, token);
    if (!outcome.ok) throw new Error(outcome.code);
    const first = outcome.journey.screen;
    // Volta has one sign-in method: the journey opens at the credentials.
    expect(first).toMatchObject({
      mode: 'reconnect',
      view: { step: 'credentials', oemName: 'Volta Motors' },
    });
    expect(first.progress).toEqual({ number: 1, total: 3 });
    const journeyId = sessionIdOf(first.token);
    const [before] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));
    expect(await loadSession(db(), 'sandbox', journeyId)).toMatchObject({
      mode: 'reconnect',
      userId: 'person',
      credentialId: result.credentialId,
      accountRef: before!.accountRef,
    });

    // The link is single use; the refusal still knows its app, for the way back.
    const used = await launchReconnection(deps, token);
    expect(used).toMatchObject({ ok: false, code: 'LINK_USED' });
    if (used.ok || !used.app) throw new Error('the used link should name its app');
    expect(used.app.branding.appName).toBe('Test App');
    expect(new URL(used.app.exitUrl).searchParams.get('error')).toBe('LINK_USED');

    // Another account of the same OEM is refused, and nothing is attached.
    const mismatch = expectFailure(
      await submitCredentials(deps, first.token, { username: 'user_many', password: 'pass_good' }),
    );
    expect(mismatch.code).toBe('ACCOUNT_MISMATCH');
    // The account expected is named, masked: user_good.
    expect(mismatch.message).toContain('different Volta Motors account');
    expect(mismatch.message).toContain('(u•••d)');
    expect(mismatch.message).not.toContain('user_good');
    expect(await loadSession(db(), 'sandbox', journeyId)).toMatchObject({
      step: 'credentials',
      status: 'active',
      accountRef: before!.accountRef,
      oemSession: null,
    });
    const [unchanged] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));
    expect(unchanged).toEqual(before);
    expect((await devicesOf(customerId)).filter((d) => d.status === 'disconnected')).toHaveLength(
      2,
    );

    const consent = expectScreen(
      await submitCredentials(deps, mismatch.token, {
        username: 'user_good',
        password: 'pass_good',
      }),
    );
    expect(consent.view).toMatchObject({
      step: 'consent',
      mode: 'reconnect',
      oemName: 'Volta Motors',
    });
    const done = expectView(await giveConsent(deps, consent.token), 'finished');
    expect(done.outcome).toBe('success');

    const { target, params } = parseRedirect(done.redirectUrl);
    expect(target).toBe(RECONNECT_REDIRECT_URL);
    expect(params).toEqual({
      status: 'success',
      mode: 'reconnect',
      journeyId,
      userId: 'person',
      deviceIds: expect.any(String),
    });
    expect(params.deviceIds!.split(',').sort()).toEqual([...volta].sort());

    const rows = await devicesOf(customerId);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === 'connected' && r.disconnectedAt === null)).toBe(true);
    expect(
      rows
        .filter((r) => volta.includes(r.id))
        .every((r) => r.connectedAt.getTime() === deps.now.getTime()),
    ).toBe(true);
    expect(
      rows
        .filter((r) => nimbus.includes(r.id))
        .every((r) => r.connectedAt.getTime() === T0.getTime()),
    ).toBe(true);

    const [after] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));
    expect(after).toMatchObject({ status: 'active', accountRef: before!.accountRef });
    expect(after!.secret).not.toBe(before!.secret);
    const oemSession = JSON.parse(
      decryptSecret(after!.secret, TEST_CONFIG.appSecret, after!.id),
    ) as { accessToken: string };
    expect(after!.secret).not.toContain(oemSession.accessToken);

    const reconnected = await eventsOf(customerId, 'device.reconnected');
    expect(reconnected.sort(byDeviceId)).toEqual(
      [...volta].sort().map((deviceId) => ({
        deviceId,
        deviceType: 'vehicle',
        oem: 'volta',
        userId: 'person',
        appId,
        journeyId,
      })),
    );
    // Reconnection is not a new connection.
    expect(await eventsOf(customerId, 'device.connected')).toHaveLength(4);
  });

  it('refuses an account that needs MFA when it is not the account being reconnected', async () => {
    const { customerId, at, token, result } = await disconnectedVolta();
    const deps = depsAt(db(), minutesAfter(at, 1));
    const outcome = await launchReconnection(deps, token);
    if (!outcome.ok) throw new Error(outcome.code);
    const [before] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));

    // user_mfa is another Volta account: refused before its code is even asked for.
    const refused = await submitCredentials(deps, outcome.journey.screen.token, {
      username: 'user_mfa',
      password: 'pass_good',
    });
    if (refused.ok && refused.data.view.step === 'mfa') {
      // Had the journey asked for the code, it must still not attach the other account.
      const after = await submitMfa(deps, refused.data.token, { code: '123456' });
      if (after.ok && after.data.view.step === 'consent') await giveConsent(deps, after.data.token);
    }
    expect(refused).toMatchObject({ ok: false, code: 'ACCOUNT_MISMATCH' });
    const [unchanged] = await db()
      .select()
      .from(t.credentials)
      .where(eq(t.credentials.id, result.credentialId));
    expect(unchanged).toEqual(before);
    expect(await eventsOf(customerId, 'device.reconnected')).toEqual([]);
  });

  it('of an account with MFA asks for the code, then reconnects', async () => {
    const app = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const ids = await connect(deps, {
      appId: app.appId,
      userId: 'mfa-person',
      username: 'user_mfa',
    });
    const later = depsAt(db(), minutesAfter(T0, DAY));
    await disconnectCredentialForDevice(db(), 'sandbox', app.customerId, ids[0]!, {
      reason: 'revoked',
      now: later.now,
      config: TEST_CONFIG,
    });
    const [event] = await eventsOf(app.customerId, 'device.disconnected');
    const outcome = await launchReconnection(later, tokenOf(String(event?.reconnectionUrl)));
    if (!outcome.ok) throw new Error(outcome.code);
    const mfa = expectScreen(
      await submitCredentials(later, outcome.journey.screen.token, {
        username: 'user_mfa',
        password: 'pass_good',
      }),
    );
    expect(mfa.view.step).toBe('mfa');
    const consent = expectScreen(await submitMfa(later, mfa.token, { code: '123456' }));
    expect(consent.view.step).toBe('consent');
    const done = expectView(await giveConsent(later, consent.token), 'finished');
    expect(parseRedirect(done.redirectUrl).params.deviceIds!.split(',').sort()).toEqual(
      [...ids].sort(),
    );
    expect(await eventsOf(app.customerId, 'device.reconnected')).toHaveLength(2);
  });

  it('starts at the sign-in method for an OEM that offers two', async () => {
    const app = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const ids = await connect(deps, {
      appId: app.appId,
      userId: 'p',
      deviceType: 'battery',
      oem: 'stellar',
    });
    const later = depsAt(db(), minutesAfter(T0, DAY));
    await disconnectCredentialForDevice(db(), 'sandbox', app.customerId, ids[0]!, {
      reason: 'revoked',
      now: later.now,
      config: TEST_CONFIG,
    });
    const [event] = await eventsOf(app.customerId, 'device.disconnected');
    const outcome = await launchReconnection(later, tokenOf(String(event?.reconnectionUrl)));
    if (!outcome.ok) throw new Error(outcome.code);
    const first = outcome.journey.screen;
    expect(first.view).toMatchObject({ step: 'auth_method', oemName: 'Stellar Storage' });
    expect(first.progress).toEqual({ number: 1, total: 4 });
    const credentials = expectScreen(
      await chooseAuthMethod(later, first.token, { id: 'password' }),
    );
    expect(credentials.view).toMatchObject({ step: 'credentials', authMethod: 'password' });
    expect(credentials.canGoBack).toBe(true);
  });

  it.each([
    [7 * DAY - 1, true],
    [7 * DAY + 1, false],
  ])('a link used %i minutes after it was made works: %s', async (minutes, works) => {
    const { result, at } = await disconnectedVolta();
    // A fresh link for the same credential, made at `at`.
    const url = await db().transaction((tx) =>
      createReconnectionUrl(
        tx,
        { environment: 'sandbox', credentialId: result.credentialId, now: at },
        TEST_CONFIG,
      ),
    );
    expect(url.startsWith(RECONNECT_PREFIX)).toBe(true);
    const outcome = await launchReconnection(depsAt(db(), minutesAfter(at, minutes)), tokenOf(url));
    if (works) expect(outcome.ok).toBe(true);
    else expect(outcome).toMatchObject({ ok: false, code: 'LINK_EXPIRED' });
  });

  it('refuses a tampered or foreign link', async () => {
    const { token, at } = await disconnectedVolta();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, cred: 'cred_other' })).toString('base64url')}.${signature}`;
    const deps = depsAt(db(), minutesAfter(at, 1));
    for (const bad of [forged, '', 'nope', undefined]) {
      expect(await launchReconnection(deps, bad)).toMatchObject({
        ok: false,
        code: 'INVALID_LAUNCH',
      });
    }
    // The genuine link is still unused.
    expect((await launchReconnection(deps, token)).ok).toBe(true);
  });
});
