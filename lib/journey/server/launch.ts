import { randomId } from '../../crypto';
import type { JourneySession } from '../../db/schema';
import type { CustomerAppWithCustomer } from '../../customers';
import { getCustomerAppCached } from '../../customers';
import { buildRedirectUrl, errorParams } from '../redirect';
import { launchParamsSchema } from '../schemas';
import type { JourneyState } from '../machine';
import { connectState } from '../machine';
import type { Branding, JourneyScreen, JourneyWords, LaunchErrorCopy } from '../views';
import { journeyWords } from './copy';
import { brandingFor } from './branding';
import { TokenError, verifyLaunchToken } from '../../tokens';
import type { Environment } from '../../vocabulary';
import { DEFAULT_LANGUAGE } from '../../vocabulary';
import type { LaunchErrorCode } from '../errors';
import { JourneyError } from '../errors';
import { checkLaunchChoices } from './launch-preset';
import { nextScreen } from './next-screen';
import { resumePathOf } from './resume-path';
import { insertSession } from './queries';
import type { JourneyDeps } from './step-context';

/** A whole journey lives at most 60 minutes. */
export const JOURNEY_TTL_MS = 60 * 60 * 1000;

export interface StartedJourney {
  screen: JourneyScreen;
  branding: Branding;
  /** The words every screen needs (Back, Cancel, progress…), in the journey's language. */
  words: JourneyWords;
  /** Where an end user whose session expired is sent if they choose to leave. */
  exitUrl: string;
  /** The page's own address from now on: a reload resumes here until sign-in (resume.ts). */
  resumePath: string;
}

/** A launch refused; when the app is known (a used reconnection link), its branding and way back. */
export interface LaunchRefusal {
  ok: false;
  code: LaunchErrorCode;
  detail?: string;
  app?: { branding: Branding; exitUrl: string };
}

export type LaunchOutcome = { ok: true; journey: StartedJourney } | LaunchRefusal;

/** A reconnection's start, refusals worded by the server (the page never needs the whole table). */
export type ReconnectStartOutcome =
  | { ok: true; journey: StartedJourney }
  | { ok: false; copy: LaunchErrorCopy; app?: LaunchRefusal['app'] };

/**
 * Validates `GET /journey` parameters (direct `appId`/`userId`, or a signed `launch` token from the
 * API) and opens a journey session. Errors are returned, never redirected: the app is unverified.
 */
export async function launchJourney(
  deps: JourneyDeps,
  rawParams: Record<string, string | string[] | undefined>,
): Promise<LaunchOutcome> {
  const params = Object.fromEntries(
    Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const parsed = launchParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'INVALID_LAUNCH', detail: issue?.message };
  }
  let { appId, userId, state, environment, oem } = parsed.data;
  let deviceType: string | undefined = parsed.data.deviceType;
  if (parsed.data.launch) {
    try {
      const claims = await verifyLaunchToken(parsed.data.launch, deps.config.appSecret, deps.now);
      ({ app: appId, uid: userId, state, env: environment, dt: deviceType, oem } = claims);
    } catch (error) {
      if (error instanceof TokenError) return { ok: false, code: 'INVALID_LAUNCH' };
      throw error;
    }
  }
  if (!appId) return { ok: false, code: 'APP_NOT_FOUND', detail: 'The link has no appId.' };
  const app = await getCustomerAppCached(deps.db, appId, deps.now);
  if (!app) return { ok: false, code: 'APP_NOT_FOUND' };
  if (!userId) return { ok: false, code: 'MISSING_USER_ID' };
  const env: Environment = environment ?? 'sandbox';
  // The unsigned hand-off (appId + userId in the URL) is for sandbox; anyone can write such a link,
  // so a live journey needs the signed launch that only the app's server can obtain.
  if (env === 'live' && !parsed.data.launch) {
    return {
      ok: false,
      code: 'SIGNED_LAUNCH_REQUIRED',
      detail:
        'For the app’s developers: start live journeys with the URL returned by POST /api/journey/sessions; links with appId and userId open sandbox journeys only.',
    };
  }
  if (env === 'live' && !app.customer.liveEnabled)
    return { ok: false, code: 'LIVE_ACCESS_DISABLED' };
  const choices = checkLaunchChoices(app, env, { deviceType, oem });
  if (!choices.ok) return choices;
  if (!(await admitLaunch(deps, app.id))) return { ok: false, code: 'LAUNCH_RATE_LIMITED' };

  const session = await openSession(deps, env, app, {
    userId,
    state: state ?? null,
    journeyState: connectState(choices.preset),
  });
  return { ok: true, journey: await startedJourney(deps, env, app, session) };
}

/** Takes one launch from the client's and the app's budgets (always admitted without a limiter). */
export async function admitLaunch(deps: JourneyDeps, appId: string): Promise<boolean> {
  if (!deps.launchLimiter) return true;
  return deps.launchLimiter.admit(deps.clientAddress ?? 'unknown', appId);
}

export async function openSession(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  input: {
    userId: string;
    state: string | null;
    journeyState: JourneyState;
    /** Reconnection: the credential being refreshed and the OEM account it must stay on. */
    credentialId?: string;
    accountRef?: string;
  },
): Promise<JourneySession> {
  const s = input.journeyState;
  const session = await insertSession(deps.db, env, {
    id: randomId('jrn'),
    customerId: app.customerId,
    appId: app.id,
    userId: input.userId,
    mode: s.mode,
    step: s.step,
    state: input.state,
    deviceType: s.deviceType,
    oem: s.oem,
    authMethod: s.authMethod,
    skippedSteps: [...(s.skipped ?? [])],
    credentialId: input.credentialId ?? null,
    accountRef: input.accountRef ?? null,
    language: deps.language ?? DEFAULT_LANGUAGE,
    createdAt: deps.now,
    updatedAt: deps.now,
    expiresAt: new Date(deps.now.getTime() + JOURNEY_TTL_MS),
  });
  if (!session) throw new JourneyError('SESSION_EXPIRED');
  return session;
}

export async function startedJourney(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
): Promise<StartedJourney> {
  const target = session.mode === 'reconnect' ? app.reconnectRedirectUrl : app.redirectUrl;
  return {
    screen: await nextScreen(deps, env, app, session),
    branding: await brandingFor(deps, app),
    words: journeyWords(session.language, app.appName),
    exitUrl: buildRedirectUrl(target, errorParams('SESSION_EXPIRED', session)),
    resumePath: await resumePathOf(deps, env, session),
  };
}
