'use server';

import { headers } from 'next/headers';
import type { StepResult } from '@/lib/journey/views';
import { describeError, getLogger } from '@/lib/log';
import type {
  JourneyDeps,
  LaunchRefusal,
  ReconnectStartOutcome,
  RunStep,
} from '@/lib/journey/server';
import {
  isStepName,
  launchErrorCopy,
  launchReconnection,
  runStep,
  stepRefusal,
} from '@/lib/journey/server';
import { checkActionOrigin } from '@/lib/security/origin';
import { journeyDeps, requestLanguage } from './journey-deps';

/**
 * Checks the request's Origin, then runs `handler`. Unexpected failures become a generic,
 * secret-free error — never a 500.
 */
async function guarded<T>(
  name: string,
  refusal: (code: 'FORBIDDEN_ORIGIN' | 'INTERNAL_ERROR') => T,
  handler: (deps: JourneyDeps) => Promise<T>,
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

/**
 * The one way the journey moves: every step of the step table, by name. The runner verifies the
 * token and validates the input with the step's zod schema.
 */
export const journeyStepAction: RunStep = async (token, name, ...input) => {
  const language = await requestLanguage();
  return guarded(
    isStepName(name) ? name : 'unknown step',
    (code): StepResult => stepRefusal(language, code),
    (deps) => runStep(deps, token, name, input[0]),
  );
};

/** Reconnection: the person pressed Continue on the link's page; the link is used up here. */
export async function startReconnectionAction(token: unknown): Promise<ReconnectStartOutcome> {
  const outcome = await guarded(
    'startReconnection',
    (code): LaunchRefusal => ({ ok: false, code }),
    (deps) => launchReconnection(deps, token),
  );
  if (outcome.ok) return outcome;
  const language = await requestLanguage();
  const appName = outcome.app?.branding.appName;
  const copy = launchErrorCopy(outcome.code, { language, detail: outcome.detail, appName });
  return { ok: false, copy, app: outcome.app };
}
