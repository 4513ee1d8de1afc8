/**
 * Journey error codes and where a person sees them. Pure: shared by the server (which returns only
 * these codes, worded in the person's language: `journey.errors.<CODE>` in lib/i18n/messages, see
 * server/copy.ts) and the journey's screens (which show them).
 */
export const JOURNEY_ERROR_CODES = [
  'SESSION_EXPIRED',
  'APP_NOT_FOUND',
  'MISSING_USER_ID',
  'INVALID_LAUNCH',
  'SIGNED_LAUNCH_REQUIRED',
  'LAUNCH_RATE_LIMITED',
  'LIVE_ACCESS_DISABLED',
  'OEM_NOT_OFFERED',
  'DEVICE_TYPE_NOT_OFFERED',
  'INVALID_CREDENTIALS',
  'INVALID_MFA_CODE',
  'MFA_RESEND_TOO_SOON',
  'MFA_RESEND_LIMIT',
  'ACCOUNT_LOCKED',
  'OEM_UNAVAILABLE',
  'NO_DEVICES',
  'TOO_MANY_ATTEMPTS',
  'ACCOUNT_RATE_LIMITED',
  'ACCOUNT_MISMATCH',
  'LINK_USED',
  'LINK_EXPIRED',
  'FORBIDDEN_ORIGIN',
  'INTERNAL_ERROR',
  'INVALID_INPUT',
  'NOT_ALLOWED',
  'NETWORK_ERROR',
] as const;

export type JourneyErrorCode = (typeof JOURNEY_ERROR_CODES)[number];

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

/** A step refused: the code (never a free string) and, for bad input, the fields at fault. */
export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    readonly code: StepFailureCode,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(code);
  }
}
