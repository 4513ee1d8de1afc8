/** Journey error codes and the messages a person sees for them. */
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
  INVALID_CREDENTIALS: {
    title: 'Sign-in failed',
    message: 'The details you entered were not accepted. Check them and try again.',
  },
  INVALID_MFA_CODE: {
    title: 'Wrong code',
    message: 'That verification code was not accepted. Check it and try again.',
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
} as const;

export type JourneyErrorCode = keyof typeof JOURNEY_ERRORS;

export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    readonly code: JourneyErrorCode,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(JOURNEY_ERRORS[code].message);
  }
}
