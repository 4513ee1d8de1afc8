import { randomId } from '../crypto';
import type { Environment, JourneySession } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { CustomerAppWithCustomer } from '../customers';
import { getCustomerApp } from '../customers';
import { buildRedirectUrl, errorParams } from '../journey/redirect';
import { launchParamsSchema } from '../journey/schemas';
import type { JourneyState } from '../journey/machine';
import { connectState } from '../journey/machine';
import type { Branding, JourneyScreen } from '../journey/views';
import { TokenError, verifyLaunchToken } from '../tokens';
import type { SessionDeps } from './context';
import { recordJourneyEvent } from './context';
import type { JourneyErrorCode } from './errors';
import { JourneyError } from './errors';
import { screenFor } from './screen';

/** A whole journey lives at most 60 minutes. */
export const JOURNEY_TTL_MS = 60 * 60 * 1000;

export interface StartedJourney {
  screen: JourneyScreen;
  branding: Branding;
  /** Where an end user whose session expired is sent if they choose to leave. */
  exitUrl: string;
}

export type LaunchOutcome =
  { ok: true; journey: StartedJourney } | { ok: false; code: JourneyErrorCode; detail?: string };

/**
 * Validates `GET /journey` parameters (direct `appId`/`userId`, or a signed `launch` token from the
 * API) and opens a journey session. Errors are returned, never redirected: the app is unverified.
 */
export async function launchJourney(
  deps: SessionDeps,
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
  let { appId, userId, state, environment } = parsed.data;
  if (parsed.data.launch) {
    try {
      const claims = await verifyLaunchToken(parsed.data.launch, deps.config.appSecret, deps.now);
      ({ app: appId, uid: userId, state, env: environment } = claims);
    } catch (error) {
      if (error instanceof TokenError) return { ok: false, code: 'INVALID_LAUNCH' };
      throw error;
    }
  }
  if (!appId) return { ok: false, code: 'APP_NOT_FOUND', detail: 'The link has no appId.' };
  const app = await getCustomerApp(deps.db, appId);
  if (!app) return { ok: false, code: 'APP_NOT_FOUND' };
  if (!userId) return { ok: false, code: 'MISSING_USER_ID' };
  const env: Environment = environment ?? 'sandbox';
  if (env === 'live' && !app.customer.liveEnabled)
    return { ok: false, code: 'LIVE_ACCESS_DISABLED' };

  const session = await openSession(deps, env, app, {
    userId,
    state: state ?? null,
    journeyState: connectState(),
  });
  return { ok: true, journey: await startedJourney(deps, env, app, session) };
}

export async function openSession(
  deps: SessionDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  input: {
    userId: string;
    state: string | null;
    journeyState: JourneyState;
    credentialId?: string;
  },
): Promise<JourneySession> {
  const t = tablesFor(env);
  const s = input.journeyState;
  const [session] = await deps.db
    .insert(t.journeySessions)
    .values({
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
      credentialId: input.credentialId ?? null,
      createdAt: deps.now,
      updatedAt: deps.now,
      expiresAt: new Date(deps.now.getTime() + JOURNEY_TTL_MS),
    })
    .returning();
  if (!session) throw new JourneyError('SESSION_EXPIRED');
  await recordJourneyEvent(deps.db, t, {
    sessionId: session.id,
    type: 'started',
    step: session.step,
    details: { mode: session.mode },
    at: deps.now,
  });
  return session;
}

export async function startedJourney(
  deps: SessionDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
): Promise<StartedJourney> {
  const target = session.mode === 'reconnect' ? app.reconnectRedirectUrl : app.redirectUrl;
  return {
    screen: await screenFor(deps, env, app, session),
    branding: { appName: app.appName, logoUrl: app.logoUrl },
    exitUrl: buildRedirectUrl(target, errorParams('SESSION_EXPIRED', session.state)),
  };
}
