'use server';

import { headers } from 'next/headers';
import type { ActionResult, JourneyScreen } from '@/lib/journey/views';
import { describeError, getLogger } from '@/lib/log';
import type { LaunchOutcome, SessionDeps } from '@/lib/sessions';
import {
  cancelJourney,
  chooseAuthMethod,
  chooseDevices,
  chooseDeviceType,
  chooseOem,
  giveConsent,
  goBack,
  JOURNEY_ERRORS,
  launchReconnection,
  submitCredentials,
  submitMfa,
} from '@/lib/sessions';
import { checkActionOrigin } from '@/lib/security/origin';
import { journeyDeps } from './journey-deps';

type Result = ActionResult<JourneyScreen>;

/**
 * The one way the journey mutates: every action checks the request's Origin, then hands the step
 * token and input to lib/sessions, which verifies the token and validates the input with the step's
 * zod schema. Unexpected failures become a generic, secret-free error — never a 500.
 */
async function guarded<T>(
  name: string,
  refusal: (code: 'FORBIDDEN_ORIGIN' | 'INTERNAL_ERROR') => T,
  handler: (deps: SessionDeps) => Promise<T>,
): Promise<T> {
  try {
    const h = await headers();
    if (!checkActionOrigin(h.get('origin'), h.get('host'))) return refusal('FORBIDDEN_ORIGIN');
    return await handler(await journeyDeps());
  } catch (error) {
    getLogger().error({ action: name, ...describeError(error) }, 'journey action failed');
    return refusal('INTERNAL_ERROR');
  }
}

function run(name: string, handler: (deps: SessionDeps) => Promise<Result>): Promise<Result> {
  return guarded(
    name,
    (code) => ({ ok: false, code, message: JOURNEY_ERRORS[code].message }),
    handler,
  );
}

/** Reconnection: the person pressed Continue on the link's page; the link is used up here. */
export async function startReconnectionAction(token: unknown): Promise<LaunchOutcome> {
  return guarded(
    'startReconnection',
    (code) => ({ ok: false, code }),
    (deps) => launchReconnection(deps, token),
  );
}

export async function chooseDeviceTypeAction(token: string, input: unknown): Promise<Result> {
  return run('chooseDeviceType', (deps) => chooseDeviceType(deps, token, input));
}

export async function chooseOemAction(token: string, input: unknown): Promise<Result> {
  return run('chooseOem', (deps) => chooseOem(deps, token, input));
}

export async function chooseAuthMethodAction(token: string, input: unknown): Promise<Result> {
  return run('chooseAuthMethod', (deps) => chooseAuthMethod(deps, token, input));
}

export async function submitCredentialsAction(token: string, input: unknown): Promise<Result> {
  return run('submitCredentials', (deps) => submitCredentials(deps, token, input));
}

export async function submitMfaAction(token: string, input: unknown): Promise<Result> {
  return run('submitMfa', (deps) => submitMfa(deps, token, input));
}

export async function chooseDevicesAction(token: string, input: unknown): Promise<Result> {
  return run('chooseDevices', (deps) => chooseDevices(deps, token, input));
}

export async function giveConsentAction(token: string): Promise<Result> {
  return run('giveConsent', (deps) => giveConsent(deps, token));
}

export async function goBackAction(token: string): Promise<Result> {
  return run('goBack', (deps) => goBack(deps, token));
}

export async function cancelAction(token: string): Promise<Result> {
  return run('cancel', (deps) => cancelJourney(deps, token));
}
