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

export function cancelParams(step: string, state: string | null) {
  return { status: 'cancelled', reason: 'user_exit', step, state: state ?? undefined };
}

export function errorParams(code: string, state: string | null) {
  return { status: 'error', error: code, state: state ?? undefined };
}
