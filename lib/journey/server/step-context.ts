import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { EnvTables, JourneySession } from '../../db/schema';
import { tablesFor } from '../../db/schema';
import type { CustomerAppWithCustomer } from '../../customers';
import { getCustomerAppCached } from '../../customers';
import { findOem } from '../../oem/catalogue';
import type { StepClaims } from '../../tokens';
import { TokenError, verifyStepToken } from '../../tokens';
import type { Environment, Language } from '../../vocabulary';
import { JourneyError } from '../errors';
import type { JourneyState } from '../machine';
import type { FetchLogo, LogoFetchOptions } from '../../branding/fetch-logo';
import type { LaunchLimiter } from './launch-limiter';
import type { SessionPatch } from './queries';
import { compareAndSwapSession, findSession } from './queries';

/** What every journey operation needs: the database, the secrets, and the instant it runs at. */
export interface JourneyDeps {
  db: Db;
  config: Pick<Config, 'appSecret' | 'publicBaseUrl'>;
  now: Date;
  /** The client's network address (the custom server's view of the socket), for budgets. */
  clientAddress?: string;
  /** Budgets for opening journeys; unset (tests of other rules) opens without counting. */
  launchLimiter?: LaunchLimiter;
  /** The language negotiated for this request (launch parameter, then Accept-Language). */
  language?: Language;
  /** How app logos are fetched for the journey to serve; unset, the journey shows initials. */
  logos?: { fetchLogo?: FetchLogo; options?: LogoFetchOptions };
}

/** A verified step: the token checked, and the session row it names loaded and matched. */
export interface StepContext {
  deps: JourneyDeps;
  env: Environment;
  t: EnvTables;
  /** The verified step token, still good (a retry without a step may hand it back). */
  token: string;
  claims: StepClaims;
  session: JourneySession;
  app: CustomerAppWithCustomer;
  state: JourneyState;
}

export function stateOf(session: JourneySession): JourneyState {
  return {
    mode: session.mode,
    step: session.step,
    deviceType: session.deviceType,
    oem: session.oem,
    authMethods: session.oem ? (findOem(session.oem)?.authMethods ?? []) : [],
    authMethod: (session.authMethod as JourneyState['authMethod']) ?? null,
    loginFailures: session.loginFailures,
    mfaFailures: session.mfaFailures,
    skipped: session.skippedSteps,
  };
}

/**
 * Verifies a step token and loads its session: signature, algorithm, audience, expiry, then the
 * session's status, lifetime, version and step. Anything off is SESSION_EXPIRED — never a 500.
 */
export async function loadStep(deps: JourneyDeps, token: unknown): Promise<StepContext> {
  // Whatever a client sends as the token (an object, a number…) is simply not a valid token.
  if (typeof token !== 'string') throw new JourneyError('SESSION_EXPIRED');
  let claims: StepClaims;
  try {
    claims = await verifyStepToken(token, deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) throw new JourneyError('SESSION_EXPIRED');
    throw error;
  }
  const session = await findSession(deps.db, claims.env, claims.sid);
  if (
    !session ||
    session.appId !== claims.app ||
    session.mode !== claims.mode ||
    session.status !== 'active' ||
    session.expiresAt <= deps.now ||
    session.version !== claims.ver ||
    session.step !== claims.step
  ) {
    throw new JourneyError('SESSION_EXPIRED');
  }
  const app = await getCustomerAppCached(deps.db, session.appId, deps.now);
  if (!app) throw new JourneyError('SESSION_EXPIRED');
  const env = claims.env;
  return { deps, env, t: tablesFor(env), token, claims, session, app, state: stateOf(session) };
}

/**
 * Applies `patch` to the step's session if it is still at the version the token named (see
 * compareAndSwapSession). Throws SESSION_EXPIRED when another request got there first (a replay or
 * a double submit).
 */
export async function commitStep(
  ctx: StepContext,
  patch: SessionPatch,
  tx: Parameters<typeof compareAndSwapSession>[0] = ctx.deps.db,
): Promise<JourneySession> {
  const updated = await compareAndSwapSession(tx, ctx.env, {
    sessionId: ctx.session.id,
    version: ctx.session.version,
    patch,
    now: ctx.deps.now,
  });
  if (!updated) throw new JourneyError('SESSION_EXPIRED');
  return updated;
}
