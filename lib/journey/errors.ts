/**
 * Journey error codes, the messages a person sees for them, and where they see them. Pure: shared by
 * the server (which returns only these codes) and the journey's screens (which show them).
 */
export const JOURNEY_ERRORS = {
  SESSION_EXPIRED: {
    title: 'Session expired',
    message: 'This session has expired or is no longer valid. Start again to connect your device.',
  },
  APP_NOT_FOUND: {
    title: 'Unknown application',
    message: 'The app that sent you here is not registered. Go back to the app and try again.',
  },
  MISSING_USER_ID: {
    title: 'Missing user',
    message: 'The link that opened this page has no userId. Go back to the app and try again.',
  },
  INVALID_LAUNCH: {
    title: 'Invalid link',
    message:
      'The link that opened this page is malformed or has expired. Go back to the app and try again.',
  },
  SIGNED_LAUNCH_REQUIRED: {
    title: 'Link not valid for live',
    message:
      'Live connections must be started by the app itself. Go back to the app and try again from there.',
  },
  LAUNCH_RATE_LIMITED: {
    title: 'Too many attempts to start',
    message:
      'Too many connections were started from your network or for this app in the last minute. Wait a minute, then go back to the app and try again.',
  },
  LIVE_ACCESS_DISABLED: {
    title: 'Not available yet',
    message: 'This app is not enabled for live connections yet. Contact the app’s support.',
  },
  OEM_NOT_OFFERED: {
    title: 'Manufacturer not available',
    message:
      'The app asked to connect a device from a manufacturer it cannot connect here. Go back to the app and choose your device again.',
  },
  DEVICE_TYPE_NOT_OFFERED: {
    title: 'Device type not available',
    message:
      'The app asked to connect a kind of device it cannot connect here. Go back to the app and choose your device again.',
  },
  INVALID_CREDENTIALS: {
    title: 'Sign-in failed',
    message: 'The details you entered were not accepted. Check them and try again.',
  },
  INVALID_MFA_CODE: {
    title: 'Wrong code',
    message: 'That verification code was not accepted. Check it and try again.',
  },
  MFA_RESEND_TOO_SOON: {
    title: 'Code just sent',
    message:
      'A code was sent less than 30 seconds ago. Wait a moment for it to arrive, then ask again if it does not.',
  },
  MFA_RESEND_LIMIT: {
    title: 'No more codes',
    message:
      'No more codes can be sent in this session. Enter the last code you received, or Cancel and start again later.',
  },
  ACCOUNT_LOCKED: {
    title: 'Account locked',
    message:
      'Your account with the manufacturer is locked. Unlock it with the manufacturer, then try again.',
  },
  OEM_UNAVAILABLE: {
    title: 'Manufacturer unavailable',
    message: 'The manufacturer’s service is not responding right now. Try again in a moment.',
  },
  NO_DEVICES: {
    title: 'No devices found',
    message: 'We could not find any devices in this account.',
  },
  TOO_MANY_ATTEMPTS: {
    title: 'Too many attempts',
    message:
      'There were too many unsuccessful attempts, so this session has ended for your security.',
  },
  ACCOUNT_RATE_LIMITED: {
    title: 'Too many attempts',
    message:
      'There have been too many failed sign-in attempts for this account recently. Wait an hour and try again.',
  },
  ACCOUNT_MISMATCH: {
    title: 'Different account',
    message:
      'Those details belong to a different account than the one being reconnected. Sign in with the original account.',
  },
  LINK_USED: {
    title: 'Link already used',
    message:
      'This reconnection link has already been used. Ask the app for a new one if you still need to reconnect.',
  },
  LINK_EXPIRED: {
    title: 'Link expired',
    message: 'This reconnection link has expired. Ask the app for a new one.',
  },
  FORBIDDEN_ORIGIN: {
    title: 'Request refused',
    message: 'This request did not come from this site.',
  },
  INTERNAL_ERROR: {
    title: 'Something went wrong',
    message: 'Something went wrong on our side. Please try again.',
  },
  INVALID_INPUT: {
    title: 'Check your answer',
    message: 'Some of what was submitted is not valid.',
  },
  NOT_ALLOWED: {
    title: 'Not possible',
    message: 'That is not possible at this step.',
  },
  NETWORK_ERROR: {
    title: 'No connection',
    message: 'We could not reach the server. Check your connection and try again.',
  },
} as const satisfies Record<string, { title: string; message: string }>;

export type JourneyErrorCode = keyof typeof JOURNEY_ERRORS;

/** Codes that stop a journey from opening: the launch error screen shows them (no redirect). */
export const LAUNCH_ERROR_CODES = [
  'APP_NOT_FOUND',
  'MISSING_USER_ID',
  'INVALID_LAUNCH',
  'SIGNED_LAUNCH_REQUIRED',
  'LAUNCH_RATE_LIMITED',
  'LIVE_ACCESS_DISABLED',
  'OEM_NOT_OFFERED',
  'DEVICE_TYPE_NOT_OFFERED',
  'LINK_USED',
  'LINK_EXPIRED',
  'SESSION_EXPIRED',
  'FORBIDDEN_ORIGIN',
  'INTERNAL_ERROR',
] as const satisfies readonly JourneyErrorCode[];
export type LaunchErrorCode = (typeof LAUNCH_ERROR_CODES)[number];

/**
 * Codes a step answers without ending the journey: shown on the step, which may be retried
 * (SESSION_EXPIRED shows the session-expired screen instead; NETWORK_ERROR is the browser's own).
 */
export const STEP_FAILURE_CODES = [
  'SESSION_EXPIRED',
  'INVALID_INPUT',
  'NOT_ALLOWED',
  'INVALID_CREDENTIALS',
  'INVALID_MFA_CODE',
  'MFA_RESEND_TOO_SOON',
  'MFA_RESEND_LIMIT',
  'OEM_UNAVAILABLE',
  'ACCOUNT_RATE_LIMITED',
  'ACCOUNT_MISMATCH',
  'FORBIDDEN_ORIGIN',
  'INTERNAL_ERROR',
  'NETWORK_ERROR',
] as const satisfies readonly JourneyErrorCode[];
export type StepFailureCode = (typeof STEP_FAILURE_CODES)[number];

/** Codes that end a journey: the finished screen shows them, then the app gets `status=error`. */
export const JOURNEY_END_CODES = [
  'ACCOUNT_LOCKED',
  'OEM_UNAVAILABLE',
  'NO_DEVICES',
  'TOO_MANY_ATTEMPTS',
] as const satisfies readonly JourneyErrorCode[];
export type JourneyEndCode = (typeof JOURNEY_END_CODES)[number];

/** The screens an error can appear on. */
export type ErrorScreen = 'launch_error' | 'session_expired' | 'step_alert' | 'finished';

/** Where a person sees `code` as the answer of a step (the wizard follows this). */
export function stepFailureScreen(code: StepFailureCode): 'session_expired' | 'step_alert' {
  return code === 'SESSION_EXPIRED' ? 'session_expired' : 'step_alert';
}

/** Every screen `code` can appear on. */
export function screensOf(code: JourneyErrorCode): ErrorScreen[] {
  const screens: ErrorScreen[] = [];
  if ((LAUNCH_ERROR_CODES as readonly string[]).includes(code)) screens.push('launch_error');
  if ((STEP_FAILURE_CODES as readonly string[]).includes(code))
    screens.push(stepFailureScreen(code as StepFailureCode));
  if ((JOURNEY_END_CODES as readonly string[]).includes(code)) screens.push('finished');
  return screens;
}

/** Who an error concerns, when known: the maker (display name) and the Customer App. */
export interface ErrorSubject {
  oemName?: string | null;
  appName?: string | null;
}

/**
 * The title and message a person sees for `code`: the maker named, and what to do next, when the
 * journey knows them; the generic copy of JOURNEY_ERRORS otherwise. The server sends this copy with
 * the failure, so the journey's screens never need the whole table.
 */
export function errorCopy(
  code: JourneyErrorCode,
  { oemName, appName }: ErrorSubject = {},
): { title: string; message: string } {
  const base = JOURNEY_ERRORS[code];
  const app = appName ?? 'the app';
  if (appName && code === 'LINK_USED')
    return {
      title: base.title,
      message: `This reconnection link has already been used. If your devices still need reconnecting, return to ${appName} and ask for a new link.`,
    };
  if (appName && code === 'LINK_EXPIRED')
    return {
      title: base.title,
      message: `This reconnection link has expired. Return to ${appName} to get a new one.`,
    };
  if (!oemName) return base;
  switch (code) {
    case 'INVALID_CREDENTIALS':
      return {
        title: base.title,
        message: `${oemName} did not accept those details. Check them and try again.`,
      };
    case 'INVALID_MFA_CODE':
      return {
        title: base.title,
        message: `${oemName} did not accept that code. Enter the latest code ${oemName} sent you.`,
      };
    case 'OEM_UNAVAILABLE':
      return {
        title: `${oemName} is not responding`,
        message: `${oemName} is not responding right now, so your devices were not connected. Try again later from ${app}.`,
      };
    case 'ACCOUNT_LOCKED':
      return {
        title: `Your ${oemName} account is locked`,
        message: `${oemName} has locked this account. Unlock it in the ${oemName} app or on its website, then connect again from ${app}.`,
      };
    case 'NO_DEVICES':
      return {
        title: 'No devices found',
        message: `There are no devices in this ${oemName} account. Add your device in the ${oemName} app, or try another account, then connect again from ${app}.`,
      };
    case 'TOO_MANY_ATTEMPTS':
      return {
        title: base.title,
        message: `There were too many unsuccessful attempts to sign in to ${oemName}, so this session has ended to protect your account. If you forgot your password, reset it with ${oemName}, then connect again from ${app}.`,
      };
    case 'ACCOUNT_RATE_LIMITED':
      return {
        title: base.title,
        message: `There have been too many failed sign-ins to this ${oemName} account recently. Wait an hour, or reset your password with ${oemName}, and try again.`,
      };
    case 'ACCOUNT_MISMATCH':
      return {
        title: base.title,
        message: `Those details belong to a different ${oemName} account. Sign in with the account these devices were connected with.`,
      };
    default:
      return base;
  }
}

/** A retry offered on the step itself: what a passing outage asks of the person. */
export function retryCopy(code: StepFailureCode, subject: ErrorSubject): string {
  if (code === 'OEM_UNAVAILABLE' && subject.oemName)
    return `${subject.oemName} is not responding right now. Your details are still here: try again in a moment.`;
  return errorCopy(code, subject).message;
}

/** A step refused: the code (never a free string) and, for bad input, the fields at fault. */
export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    readonly code: StepFailureCode,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(JOURNEY_ERRORS[code].message);
  }
}
