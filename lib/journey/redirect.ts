import type { JourneyMode } from '../vocabulary';

/**
 * Redirect targets are only ever a Customer App's registered URL with our parameters appended; the
 * registered URL's own parameters are kept. Nothing from the request can choose the destination.
 */
export function buildRedirectUrl(
  registeredUrl: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(registeredUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('Registered redirect URL must be http(s)');
  }
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

export function successParams(input: {
  journeyId: string;
  userId: string;
  deviceIds: string[];
  state: string | null;
  mode: JourneyMode;
}): Record<string, string | undefined> {
  return {
    status: 'success',
    journeyId: input.journeyId,
    userId: input.userId,
    deviceIds: input.deviceIds.join(','),
    mode: input.mode === 'reconnect' ? 'reconnect' : undefined,
    state: input.state ?? undefined,
  };
}

/** Who and which maker an exit or failure concerns: `userId` always, `oem` once one was chosen. */
export interface OutcomeSubject {
  userId: string;
  oem: string | null;
  state: string | null;
}

export function cancelParams(step: string, subject: OutcomeSubject) {
  return {
    status: 'cancelled',
    reason: 'user_exit',
    step,
    userId: subject.userId,
    oem: subject.oem ?? undefined,
    state: subject.state ?? undefined,
  };
}

export function errorParams(code: string, subject: OutcomeSubject) {
  return {
    status: 'error',
    error: code,
    userId: subject.userId,
    oem: subject.oem ?? undefined,
    state: subject.state ?? undefined,
  };
}
