/**
 * The journey state machine: step order, skipping rules and modes. Pure: no I/O, no clock.
 *
 * connect:   device_type → oem → auth_method (only if the OEM offers several) → credentials
 *            → mfa (only if the OEM asks) → devices → consent → done
 *            (device_type, or device_type and oem, are skipped when the app launches with them:
 *            see connectState; skipped steps are absent from the path, Back never reaches them)
 * reconnect: auth_method (only if several) → credentials → mfa (if asked) → consent → done
 */

import type { AuthMethod, JourneyMode, JourneyStep } from '../vocabulary';
import { JOURNEY_STEPS } from '../vocabulary';

export { JOURNEY_STEPS } from '../vocabulary';
export type { JourneyMode, JourneyStep } from '../vocabulary';
/** A sign-in method, as the machine names it. */
export type AuthMethodId = AuthMethod;

/** 5 failed logins or 5 wrong MFA codes end the journey. */
export const MAX_LOGIN_FAILURES = 5;
export const MAX_MFA_FAILURES = 5;

export interface JourneyState {
  mode: JourneyMode;
  step: JourneyStep;
  deviceType: string | null;
  oem: string | null;
  /** Auth methods the chosen OEM offers. */
  authMethods: readonly AuthMethodId[];
  authMethod: AuthMethodId | null;
  loginFailures: number;
  mfaFailures: number;
  /** Steps the app answered at launch (`deviceType`, `oem`): not shown, not reachable by Back. */
  skipped?: readonly JourneyStep[];
}

export type JourneyEvent =
  | { type: 'choose_device_type'; deviceType: string }
  | { type: 'choose_oem'; oem: string; authMethods: readonly AuthMethodId[] }
  | { type: 'choose_auth_method'; authMethod: AuthMethodId }
  | { type: 'login_succeeded'; mfaRequired: boolean }
  | { type: 'login_failed' }
  | { type: 'mfa_succeeded' }
  | { type: 'mfa_failed' }
  | { type: 'devices_chosen' }
  | { type: 'consent_given' }
  | { type: 'back' };

export type TransitionResult =
  | { ok: true; state: JourneyState; exhausted?: false }
  /** Too many failed attempts: the journey ends with this error code. */
  | { ok: true; state: JourneyState; exhausted: true }
  | { ok: false; reason: 'not_allowed_here' | 'back_blocked' | 'invalid_choice' };

/** Which event each step accepts (besides `back`). */
const ACCEPTS: Record<JourneyStep, readonly JourneyEvent['type'][]> = {
  device_type: ['choose_device_type'],
  oem: ['choose_oem'],
  auth_method: ['choose_auth_method'],
  credentials: ['login_succeeded', 'login_failed'],
  mfa: ['mfa_succeeded', 'mfa_failed'],
  devices: ['devices_chosen'],
  consent: ['consent_given'],
  done: [],
};

/** Steps from which the browser's Back goes to the previous step (nothing secret has been sent yet). */
const BACK_ALLOWED: readonly JourneyStep[] = ['oem', 'auth_method', 'credentials'];

/** What the app already knows at launch: the device type, or the OEM (which implies its type). */
export type LaunchPreset =
  | { deviceType: string; oem?: undefined }
  | { deviceType: string; oem: { id: string; authMethods: readonly AuthMethodId[] } };

/**
 * A new connect journey: at the device type, or past the steps the app answered at launch (they are
 * skipped, not pre-filled: the person never sees them and Back does not lead to them).
 */
export function connectState(preset?: LaunchPreset): JourneyState {
  const start: JourneyState = {
    mode: 'connect',
    step: 'device_type',
    deviceType: null,
    oem: null,
    authMethods: [],
    authMethod: null,
    loginFailures: 0,
    mfaFailures: 0,
  };
  if (!preset) return start;
  const typed: JourneyState = {
    ...start,
    step: 'oem',
    deviceType: preset.deviceType,
    skipped: ['device_type'],
  };
  if (!preset.oem) return typed;
  const chosen = transition(typed, {
    type: 'choose_oem',
    oem: preset.oem.id,
    authMethods: preset.oem.authMethods,
  });
  if (!chosen.ok) throw new Error(`Cannot start at OEM ${preset.oem.id}: ${chosen.reason}`);
  return { ...chosen.state, skipped: ['device_type', 'oem'] };
}

/** Reconnection starts at the auth method (when there is a choice) for the credential's OEM. */
export function reconnectState(input: {
  deviceType: string;
  oem: string;
  authMethods: readonly AuthMethodId[];
}): JourneyState {
  const single = input.authMethods.length === 1 ? input.authMethods[0]! : null;
  return {
    mode: 'reconnect',
    step: single ? 'credentials' : 'auth_method',
    deviceType: input.deviceType,
    oem: input.oem,
    authMethods: input.authMethods,
    authMethod: single,
    loginFailures: 0,
    mfaFailures: 0,
  };
}

type BackState = Pick<JourneyState, 'mode' | 'step' | 'authMethods' | 'skipped'>;

export function canGoBack(state: BackState): boolean {
  return previousStep(state) !== null;
}

/** The step Back leads to, or null when Back is not possible here (nor to a skipped step). */
export function previousStep(state: BackState): JourneyStep | null {
  const previous = previousOnPath(state);
  return previous && state.skipped?.includes(previous) ? null : previous;
}

function previousOnPath(state: BackState): JourneyStep | null {
  if (!BACK_ALLOWED.includes(state.step)) return null;
  const multipleMethods = state.authMethods.length > 1;
  if (state.mode === 'reconnect') {
    return state.step === 'credentials' && multipleMethods ? 'auth_method' : null;
  }
  switch (state.step) {
    case 'oem':
      return 'device_type';
    case 'auth_method':
      return 'oem';
    case 'credentials':
      return multipleMethods ? 'auth_method' : 'oem';
    default:
      return null;
  }
}

/** Whether the step comes after the credentials were submitted (Back is blocked from then on). */
export function isPastCredentials(step: JourneyStep): boolean {
  return JOURNEY_STEPS.indexOf(step) > JOURNEY_STEPS.indexOf('credentials');
}

function afterLogin(state: JourneyState): JourneyStep {
  return state.mode === 'reconnect' ? 'consent' : 'devices';
}

export function transition(state: JourneyState, event: JourneyEvent): TransitionResult {
  if (event.type === 'back') {
    const previous = previousStep(state);
    if (!previous) return { ok: false, reason: 'back_blocked' };
    return { ok: true, state: clearFrom(state, previous) };
  }
  if (!ACCEPTS[state.step].includes(event.type)) return { ok: false, reason: 'not_allowed_here' };

  switch (event.type) {
    case 'choose_device_type':
      return { ok: true, state: { ...state, deviceType: event.deviceType, step: 'oem' } };
    case 'choose_oem': {
      if (event.authMethods.length === 0) return { ok: false, reason: 'invalid_choice' };
      const single = event.authMethods.length === 1 ? event.authMethods[0]! : null;
      return {
        ok: true,
        state: {
          ...state,
          oem: event.oem,
          authMethods: event.authMethods,
          authMethod: single,
          step: single ? 'credentials' : 'auth_method',
        },
      };
    }
    case 'choose_auth_method':
      if (!state.authMethods.includes(event.authMethod)) {
        return { ok: false, reason: 'invalid_choice' };
      }
      return { ok: true, state: { ...state, authMethod: event.authMethod, step: 'credentials' } };
    case 'login_succeeded':
      return {
        ok: true,
        state: { ...state, step: event.mfaRequired ? 'mfa' : afterLogin(state) },
      };
    case 'login_failed': {
      const loginFailures = state.loginFailures + 1;
      const next = { ...state, loginFailures };
      return loginFailures >= MAX_LOGIN_FAILURES
        ? { ok: true, state: next, exhausted: true }
        : { ok: true, state: next };
    }
    case 'mfa_succeeded':
      return { ok: true, state: { ...state, step: afterLogin(state) } };
    case 'mfa_failed': {
      const mfaFailures = state.mfaFailures + 1;
      const next = { ...state, mfaFailures };
      return mfaFailures >= MAX_MFA_FAILURES
        ? { ok: true, state: next, exhausted: true }
        : { ok: true, state: next };
    }
    case 'devices_chosen':
      return { ok: true, state: { ...state, step: 'consent' } };
    case 'consent_given':
      return { ok: true, state: { ...state, step: 'done' } };
  }
}

/** Going back to `step` forgets the answers given at and after it. */
function clearFrom(state: JourneyState, step: JourneyStep): JourneyState {
  const next = { ...state, step };
  if (step === 'device_type') {
    return { ...next, deviceType: null, oem: null, authMethods: [], authMethod: null };
  }
  if (step === 'oem') return { ...next, oem: null, authMethods: [], authMethod: null };
  if (step === 'auth_method') return { ...next, authMethod: null };
  return next;
}

/**
 * Every step a journey of this mode may show, in order: the progress indicator's fixed scale. A
 * connection cannot know before the maker is chosen whether a sign-in method step follows, nor before
 * sign-in whether the maker asks for a code, so those keep their place and are skipped over when they
 * do not apply: the count only ever moves forward, and the last step is always "N of N". A
 * reconnection knows its maker from the start, and so does a connection launched with its `oem`: their
 * scale has the method step only when there is a choice. Steps skipped at launch are not on the scale.
 */
export function progressScale(
  state: Pick<JourneyState, 'mode' | 'authMethods' | 'skipped'>,
): JourneyStep[] {
  const skipped = state.skipped ?? [];
  const makerKnown = state.mode === 'reconnect' || skipped.includes('oem');
  const steps: JourneyStep[] =
    state.mode === 'connect'
      ? ['device_type', 'oem', 'auth_method', 'credentials', 'mfa', 'devices', 'consent']
      : ['auth_method', 'credentials', 'mfa', 'consent'];
  return steps.filter(
    (step) =>
      !skipped.includes(step) &&
      !(step === 'auth_method' && makerKnown && state.authMethods.length <= 1),
  );
}

/** "Step `number` of `total`" for the step the journey is at (null once it is done). */
export function progressOf(
  state: Pick<JourneyState, 'mode' | 'step' | 'authMethods' | 'skipped'>,
): { number: number; total: number } | null {
  const scale = progressScale(state);
  const index = scale.indexOf(state.step);
  return index < 0 ? null : { number: index + 1, total: scale.length };
}
