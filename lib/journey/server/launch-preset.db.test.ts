import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { openTestDb } from '../../db/testing';
import { signLaunchToken } from '../../tokens';
import { launchJourney } from './launch';
import {
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  loadSession,
  parseRedirect,
  sessionIdOf,
  steps,
} from './test-support';

const { chooseAuthMethod, chooseOem, goBack, submitCredentials, chooseDevices, giveConsent } =
  steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());
const deps = () => depsAt(handle.db, T0);

async function open(params: Record<string, string>) {
  const outcome = await launchJourney(deps(), params);
  if (!outcome.ok) throw new Error(`Launch failed: ${outcome.code} ${outcome.detail ?? ''}`);
  return outcome.journey.screen;
}

describe('launch with deviceType and oem', () => {
  it('starts at the OEM step for a known device type; the skipped step is not in the path, Back cannot reach it', async () => {
    const { appId } = await createTestApp(handle.db);
    const screen = await open({ appId, userId: 'u-1', deviceType: 'vehicle' });
    expect(screen.view).toMatchObject({ step: 'oem', deviceTypeLabel: 'Vehicle' });
    expect(screen.canGoBack).toBe(false);
    // The skipped step is off the scale: oem, method, sign-in, code, devices, consent.
    expect(screen.progress).toEqual({ number: 1, total: 6 });
    const session = await loadSession(handle.db, 'sandbox', sessionIdOf(screen.token));
    expect(session).toMatchObject({
      step: 'oem',
      deviceType: 'vehicle',
      skippedSteps: ['device_type'],
    });
    expect(expectFailure(await goBack(deps(), screen.token)).code).toBe('NOT_ALLOWED');
    // A single-method OEM passes over the method step (the count only moves forward); Back goes
    // to the OEM only.
    const creds = expectScreen(await chooseOem(deps(), screen.token, { id: 'volta' }));
    expect(creds.progress).toEqual({ number: 3, total: 6 });
    expect(creds.canGoBack).toBe(true);
    expectView(await goBack(deps(), creds.token), 'oem');
  });

  it('starts at the sign-in for a known OEM and completes, the path counting only the steps shown', async () => {
    const { appId } = await createTestApp(handle.db);
    const screen = await open({ appId, userId: 'u-2', oem: 'volta', state: 'st' });
    expect(screen.view).toMatchObject({ step: 'credentials', oemName: 'Volta Motors' });
    expect(screen.canGoBack).toBe(false);
    // The maker is known from the launch: sign-in, code, devices, consent.
    expect(screen.progress).toEqual({ number: 1, total: 4 });
    const devices = expectScreen(
      await submitCredentials(deps(), screen.token, {
        username: 'user_good',
        password: 'pass_good',
      }),
    );
    expect(devices.progress).toEqual({ number: 3, total: 4 });
    expect(devices.canGoBack).toBe(false);
    const ids = devices.view.step === 'devices' ? devices.view.devices.map((d) => d.id) : [];
    expect(ids).toHaveLength(2);
    const consent = expectScreen(await chooseDevices(deps(), devices.token, { deviceIds: ids }));
    expect(consent.progress).toEqual({ number: 4, total: 4 });
    const done = expectView(await giveConsent(deps(), consent.token), 'finished');
    expect(parseRedirect(done.redirectUrl).params).toMatchObject({
      status: 'success',
      state: 'st',
    });
  });

  it('starts at the sign-in method for a known multi-method OEM', async () => {
    const { appId } = await createTestApp(handle.db);
    const screen = await open({ appId, userId: 'u-3', oem: 'ampere', deviceType: 'vehicle' });
    expect(screen.view).toMatchObject({ step: 'auth_method', oemName: 'Ampere Auto' });
    expect(screen.canGoBack).toBe(false);
    const creds = expectScreen(await chooseAuthMethod(deps(), screen.token, { id: 'api_key' }));
    expect(creds.progress).toEqual({ number: 2, total: 5 });
    expect(creds.canGoBack).toBe(true);
  });

  it('takes the presets from a signed launch only, never from parameters beside it', async () => {
    const { appId } = await createTestApp(handle.db);
    const { token } = await signLaunchToken(
      { appId, userId: 'u-4', environment: 'sandbox', oem: 'stellar' },
      deps().config.appSecret,
      T0,
    );
    const signed = await open({ launch: token });
    expect(signed.view).toMatchObject({ step: 'auth_method', oemName: 'Stellar Storage' });
    const { token: plain } = await signLaunchToken(
      { appId, userId: 'u-4', environment: 'sandbox' },
      deps().config.appSecret,
      T0,
    );
    const ignored = await open({ launch: plain, oem: 'stellar' });
    expect(ignored.view.step).toBe('device_type');
  });

  it.each([
    ['an OEM outside the catalogue', { oem: 'tesla' }, 'OEM_NOT_OFFERED', /"tesla"/],
    ['an OEM the app does not support', { oem: 'helios' }, 'OEM_NOT_OFFERED', /"helios"/],
    [
      'an OEM with another device type',
      { oem: 'volta', deviceType: 'battery' },
      'OEM_NOT_OFFERED',
      /makes vehicles, not batteries/,
    ],
    [
      'a device type none of its OEMs makes',
      { deviceType: 'hvac' },
      'DEVICE_TYPE_NOT_OFFERED',
      /makes HVAC systems/,
    ],
    ['an unknown device type', { deviceType: 'toaster' }, 'INVALID_LAUNCH', /deviceType must be/],
  ])('refuses %s with a launch error, opening nothing', async (_label, extra, code, detail) => {
    const { appId } = await createTestApp(handle.db, {
      app: { supportedOems: ['volta', 'ampere', 'stellar'] },
    });
    const outcome = await launchJourney(deps(), { appId, userId: 'u', ...extra });
    expect(outcome).toMatchObject({ ok: false, code });
    if (!outcome.ok) expect(outcome.detail).toMatch(detail);
  });

  it('refuses, in live, an OEM outside the entitled tiers', async () => {
    const { appId } = await createTestApp(handle.db, { liveEnabled: true });
    const { token } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live', oem: 'ampere' },
      deps().config.appSecret,
      T0,
    );
    expect(await launchJourney(deps(), { launch: token })).toMatchObject({
      ok: false,
      code: 'OEM_NOT_OFFERED',
    });
  });
});

describe("My brand isn't listed", () => {
  it('ends the journey from the OEM step with reason=oem_not_listed, and only from there', async () => {
    const { appId } = await createTestApp(handle.db);
    const first = await open({ appId, userId: 'u-9', state: 's9' });
    expect(expectFailure(await steps.reportOemNotListed(deps(), first.token)).code).toBe(
      'NOT_ALLOWED',
    );
    const oemStep = expectScreen(
      await steps.chooseDeviceType(deps(), first.token, { id: 'battery' }),
    );
    const done = expectView(await steps.reportOemNotListed(deps(), oemStep.token), 'finished');
    expect(done.outcome).toBe('cancelled');
    expect(parseRedirect(done.redirectUrl).params).toMatchObject({
      status: 'cancelled',
      reason: 'oem_not_listed',
      step: 'oem',
      state: 's9',
    });
    const session = await loadSession(handle.db, 'sandbox', sessionIdOf(first.token));
    expect(session.status).toBe('cancelled');
  });
});
