import { describe, expect, it } from 'vitest';
import type { JourneyEvent, JourneyState, JourneyStep } from './machine';
import {
  canGoBack,
  connectState,
  isPastCredentials,
  JOURNEY_STEPS,
  MAX_LOGIN_FAILURES,
  MAX_MFA_FAILURES,
  previousStep,
  progressOf,
  progressScale,
  reconnectState,
  transition,
} from './machine';

function run(state: JourneyState, ...events: JourneyEvent[]): JourneyState {
  return events.reduce((s, event) => {
    const result = transition(s, event);
    if (!result.ok) throw new Error(`${event.type} refused at ${s.step}: ${result.reason}`);
    return result.state;
  }, state);
}

const single = { type: 'choose_oem', oem: 'volta', authMethods: ['password'] } as const;
const double = { type: 'choose_oem', oem: 'ampere', authMethods: ['password', 'api_key'] } as const;

describe('connect mode', () => {
  it('walks every step with auth-method choice and MFA', () => {
    const steps: JourneyStep[] = [];
    let s = connectState();
    const events: JourneyEvent[] = [
      { type: 'choose_device_type', deviceType: 'vehicle' },
      double,
      { type: 'choose_auth_method', authMethod: 'api_key' },
      { type: 'login_succeeded', mfaRequired: true },
      { type: 'mfa_succeeded' },
      { type: 'devices_chosen' },
      { type: 'consent_given' },
    ];
    steps.push(s.step);
    for (const e of events) {
      s = run(s, e);
      steps.push(s.step);
    }
    expect(steps).toEqual([...JOURNEY_STEPS]);
    expect(s).toMatchObject({ deviceType: 'vehicle', oem: 'ampere', authMethod: 'api_key' });
  });

  it('skips the auth-method step for a single-method OEM and MFA when not asked', () => {
    const s = run(connectState(), { type: 'choose_device_type', deviceType: 'vehicle' }, single);
    expect(s).toMatchObject({ step: 'credentials', authMethod: 'password' });
    expect(run(s, { type: 'login_succeeded', mfaRequired: false }).step).toBe('devices');
  });

  it('refuses events that do not belong to the current step', () => {
    const s = connectState();
    for (const e of [
      single,
      { type: 'login_succeeded', mfaRequired: false },
      { type: 'mfa_succeeded' },
      { type: 'devices_chosen' },
      { type: 'consent_given' },
    ] as JourneyEvent[]) {
      expect(transition(s, e)).toEqual({ ok: false, reason: 'not_allowed_here' });
    }
  });

  it('refuses an auth method the OEM does not offer, and an OEM with none', () => {
    const atOem = run(connectState(), { type: 'choose_device_type', deviceType: 'battery' });
    expect(transition(atOem, { type: 'choose_oem', oem: 'x', authMethods: [] })).toEqual({
      ok: false,
      reason: 'invalid_choice',
    });
    const atMethod = run(atOem, double);
    expect(
      transition(
        { ...atMethod, authMethods: ['password'] },
        { type: 'choose_auth_method', authMethod: 'api_key' },
      ),
    ).toEqual({
      ok: false,
      reason: 'invalid_choice',
    });
  });

  it('ends the journey on the 5th failed login, not before', () => {
    let s = run(connectState(), { type: 'choose_device_type', deviceType: 'vehicle' }, single);
    for (let i = 1; i < MAX_LOGIN_FAILURES; i++) {
      const r = transition(s, { type: 'login_failed' });
      expect(r).toMatchObject({ ok: true });
      expect(r.ok && r.exhausted).toBeFalsy();
      s = (r as { state: JourneyState }).state;
      expect(s.step).toBe('credentials');
    }
    expect(transition(s, { type: 'login_failed' })).toMatchObject({ ok: true, exhausted: true });
  });

  it('ends the journey on the 5th wrong MFA code', () => {
    let s = run(connectState(), { type: 'choose_device_type', deviceType: 'vehicle' }, single, {
      type: 'login_succeeded',
      mfaRequired: true,
    });
    for (let i = 1; i < MAX_MFA_FAILURES; i++) s = run(s, { type: 'mfa_failed' });
    expect(s).toMatchObject({ step: 'mfa', mfaFailures: MAX_MFA_FAILURES - 1 });
    expect(transition(s, { type: 'mfa_failed' })).toMatchObject({ exhausted: true });
  });
});

describe('back navigation', () => {
  const atType = connectState();
  const atOem = run(atType, { type: 'choose_device_type', deviceType: 'vehicle' });
  const atMethod = run(atOem, double);
  const atCredsDouble = run(atMethod, { type: 'choose_auth_method', authMethod: 'password' });
  const atCredsSingle = run(atOem, single);

  it('goes to the previous step before credentials, forgetting later answers', () => {
    expect(run(atOem, { type: 'back' })).toMatchObject({ step: 'device_type', deviceType: null });
    expect(run(atMethod, { type: 'back' })).toMatchObject({ step: 'oem', oem: null });
    expect(run(atCredsDouble, { type: 'back' })).toMatchObject({
      step: 'auth_method',
      authMethod: null,
      oem: 'ampere',
    });
    expect(run(atCredsSingle, { type: 'back' })).toMatchObject({ step: 'oem', oem: null });
  });

  it('is blocked on the first step and after credentials', () => {
    expect(transition(atType, { type: 'back' })).toEqual({ ok: false, reason: 'back_blocked' });
    for (const step of ['mfa', 'devices', 'consent', 'done'] as const) {
      expect(transition({ ...atCredsDouble, step }, { type: 'back' })).toEqual({
        ok: false,
        reason: 'back_blocked',
      });
      expect(canGoBack({ ...atCredsDouble, step })).toBe(false);
      expect(isPastCredentials(step)).toBe(true);
    }
    expect(isPastCredentials('credentials')).toBe(false);
  });

  it('in reconnect mode only returns from credentials to the method choice', () => {
    const r = reconnectState({
      deviceType: 'vehicle',
      oem: 'ampere',
      authMethods: ['password', 'api_key'],
    });
    expect(previousStep(r)).toBeNull();
    const creds = run(r, { type: 'choose_auth_method', authMethod: 'api_key' });
    expect(run(creds, { type: 'back' }).step).toBe('auth_method');
    const one = reconnectState({ deviceType: 'vehicle', oem: 'volta', authMethods: ['password'] });
    expect(previousStep(one)).toBeNull();
  });
});

describe('reconnect mode', () => {
  it('skips device type, OEM and device selection', () => {
    const s = reconnectState({ deviceType: 'vehicle', oem: 'volta', authMethods: ['password'] });
    expect(s).toMatchObject({ step: 'credentials', authMethod: 'password', mode: 'reconnect' });
    expect(run(s, { type: 'login_succeeded', mfaRequired: false }).step).toBe('consent');
    const mfa = run(s, { type: 'login_succeeded', mfaRequired: true });
    expect(run(mfa, { type: 'mfa_succeeded' }).step).toBe('consent');
    expect(transition(s, { type: 'choose_device_type', deviceType: 'vehicle' })).toMatchObject({
      ok: false,
    });
  });

  it('asks for the auth method when the OEM offers several', () => {
    const s = reconnectState({
      deviceType: 'battery',
      oem: 'stellar',
      authMethods: ['password', 'api_key'],
    });
    expect(s.step).toBe('auth_method');
    expect(run(s, { type: 'choose_auth_method', authMethod: 'api_key' }).step).toBe('credentials');
  });
});

describe('progressOf', () => {
  /** The counter a person sees along a path of events from `start`. */
  function counterAlong(start: JourneyState, events: JourneyEvent[]) {
    const seen = [progressOf(start)];
    let state = start;
    for (const event of events) {
      state = run(state, event);
      seen.push(progressOf(state));
    }
    expect(state.step).toBe('consent');
    return seen.map((p) => (p ? `${p.number}/${p.total}` : 'none'));
  }
  const volta = { type: 'choose_oem', oem: 'volta', authMethods: ['password'] } as const;
  const ampere = {
    type: 'choose_oem',
    oem: 'ampere',
    authMethods: ['password', 'api_key'],
  } as const;
  const helios = { type: 'choose_oem', oem: 'helios', authMethods: ['api_key'] } as const;

  it.each<[string, JourneyState, JourneyEvent[], string[]]>([
    [
      'connect, password',
      connectState(),
      [
        { type: 'choose_device_type', deviceType: 'vehicle' },
        volta,
        { type: 'login_succeeded', mfaRequired: false },
        { type: 'devices_chosen' },
      ],
      ['1/7', '2/7', '4/7', '6/7', '7/7'],
    ],
    [
      'connect, password with a verification code',
      connectState(),
      [
        { type: 'choose_device_type', deviceType: 'vehicle' },
        volta,
        { type: 'login_succeeded', mfaRequired: true },
        { type: 'mfa_failed' },
        { type: 'mfa_succeeded' },
        { type: 'devices_chosen' },
      ],
      ['1/7', '2/7', '4/7', '5/7', '5/7', '6/7', '7/7'],
    ],
    [
      'connect, API key chosen among methods',
      connectState(),
      [
        { type: 'choose_device_type', deviceType: 'vehicle' },
        ampere,
        { type: 'choose_auth_method', authMethod: 'api_key' },
        { type: 'login_succeeded', mfaRequired: false },
        { type: 'devices_chosen' },
      ],
      ['1/7', '2/7', '3/7', '4/7', '6/7', '7/7'],
    ],
    [
      'connect, API key only',
      connectState(),
      [
        { type: 'choose_device_type', deviceType: 'solar_inverter' },
        helios,
        { type: 'login_succeeded', mfaRequired: false },
        { type: 'devices_chosen' },
      ],
      ['1/7', '2/7', '4/7', '6/7', '7/7'],
    ],
    [
      'reconnection, one method',
      reconnectState({ deviceType: 'vehicle', oem: 'volta', authMethods: ['password'] }),
      [{ type: 'login_succeeded', mfaRequired: false }],
      ['1/3', '3/3'],
    ],
    [
      'reconnection, one method, with a code',
      reconnectState({ deviceType: 'vehicle', oem: 'volta', authMethods: ['password'] }),
      [{ type: 'login_succeeded', mfaRequired: true }, { type: 'mfa_succeeded' }],
      ['1/3', '2/3', '3/3'],
    ],
    [
      'reconnection, a choice of methods',
      reconnectState({
        deviceType: 'battery',
        oem: 'stellar',
        authMethods: ['password', 'api_key'],
      }),
      [
        { type: 'choose_auth_method', authMethod: 'password' },
        { type: 'login_succeeded', mfaRequired: true },
        { type: 'mfa_succeeded' },
      ],
      ['1/4', '2/4', '3/4', '4/4'],
    ],
  ])('%s: the counter never goes back and ends at its total', (_path, start, events, expected) => {
    expect(counterAlong(start, events)).toEqual(expected);
  });

  it('numbers every step of either mode and nothing after consent', () => {
    for (const step of JOURNEY_STEPS) {
      const p = progressOf({ mode: 'connect', step, authMethods: ['password'] });
      expect(p === null).toBe(step === 'done');
    }
    expect(progressOf({ mode: 'reconnect', step: 'done', authMethods: ['password'] })).toBeNull();
  });
});

describe('launch presets (deviceType / oem known to the app)', () => {
  it('starts at the OEM step when the device type is known, and Back cannot reach the skipped step', () => {
    const s = connectState({ deviceType: 'battery' });
    expect(s).toMatchObject({ step: 'oem', deviceType: 'battery', skipped: ['device_type'] });
    expect(canGoBack(s)).toBe(false);
    expect(transition(s, { type: 'back' })).toEqual({ ok: false, reason: 'back_blocked' });
    const scale = ['oem', 'auth_method', 'credentials', 'mfa', 'devices', 'consent'];
    expect(progressScale(s)).toEqual(scale);
    expect(progressOf(s)).toEqual({ number: 1, total: 6 });
    const next = run(s, double);
    expect(next.step).toBe('auth_method');
    expect(progressScale(next)).toEqual(scale);
    expect(progressOf(next)).toEqual({ number: 2, total: 6 });
    // Back from the auth method still reaches the (shown) OEM step, never the device type.
    expect(run(next, { type: 'back' }).step).toBe('oem');
  });

  it('starts at the credentials for a known single-method OEM: both choice steps absent', () => {
    const s = connectState({
      deviceType: 'vehicle',
      oem: { id: 'volta', authMethods: ['password'] },
    });
    expect(s).toMatchObject({
      step: 'credentials',
      oem: 'volta',
      authMethod: 'password',
      skipped: ['device_type', 'oem'],
    });
    expect(canGoBack(s)).toBe(false);
    expect(progressScale(s)).toEqual(['credentials', 'mfa', 'devices', 'consent']);
    expect(progressOf(s)).toEqual({ number: 1, total: 4 });
    const done = run(
      s,
      { type: 'login_succeeded', mfaRequired: false },
      { type: 'devices_chosen' },
      { type: 'consent_given' },
    );
    expect(done.step).toBe('done');
  });

  it('starts at the auth method for a known multi-method OEM; Back from credentials goes there only', () => {
    const s = connectState({
      deviceType: 'vehicle',
      oem: { id: 'ampere', authMethods: ['password', 'api_key'] },
    });
    expect(s.step).toBe('auth_method');
    expect(canGoBack(s)).toBe(false);
    expect(progressScale(s)).toEqual(['auth_method', 'credentials', 'mfa', 'devices', 'consent']);
    const creds = run(s, { type: 'choose_auth_method', authMethod: 'api_key' });
    expect(previousStep(creds)).toBe('auth_method');
  });

  it('refuses an OEM preset with no sign-in method', () => {
    expect(() =>
      connectState({ deviceType: 'vehicle', oem: { id: 'x', authMethods: [] } }),
    ).toThrow();
  });
});
