import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Tx } from '../db/client';
import type { Environment, EnvTables, JourneySession } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { CustomerAppWithCustomer } from '../customers';
import { getCustomerApp } from '../customers';
import type { JourneyState } from '../journey/machine';
import { findOem } from '../oem';
import type { StepClaims } from '../tokens';
import { TokenError, verifyStepToken } from '../tokens';
import { JourneyError } from './errors';
import type { LaunchLimiter } from './launch-limiter';

/** What every journey operation needs: the database, the secrets, and the instant it runs at. */
export interface SessionDeps {
  db: Db;
  config: Pick<Config, 'appSecret' | 'publicBaseUrl'>;
  now: Date;
  /** The client's network address (the custom server's view of the socket), for budgets. */
  clientAddress?: string;
  /** Budgets for opening journeys; unset (tests of other rules) opens without counting. */
  launchLimiter?: LaunchLimiter;
}

/** A verified step: the token checked, and the session row it names loaded and matched. */
export interface StepContext {
  deps: SessionDeps;
  env: Environment;
  t: EnvTables;
  /** The verified step token, still good (a retry without a step may hand it back). */
  token: string;
  claims: StepClaims;
  session: JourneySession;
  app: CustomerAppWithCustomer;
  state: JourneyState;
}

export type SessionPatch = Partial<
  Omit<JourneySession, 'id' | 'customerId' | 'appId' | 'userId' | 'createdAt' | 'version'>
>;

export function stateOf(session: JourneySession): JourneyState {
  return {
    mode: session.mode,
    step: session.step as JourneyState['step'],
    deviceType: session.deviceType,
    oem: session.oem,
    authMethods: session.oem ? (findOem(session.oem)?.authMethods ?? []) : [],
    authMethod: (session.authMethod as JourneyState['authMethod']) ?? null,
    loginFailures: session.loginFailures,
    mfaFailures: session.mfaFailures,
  };
}

/**
 * Verifies a step token and loads its session: signature, algorithm, audience, expiry, then the
 * session's status, lifetime, version and step. Anything off is SESSION_EXPIRED — never a 500.
 */
export async function loadStep(deps: SessionDeps, token: unknown): Promise<StepContext> {
  // Whatever a client sends as the token (an object, a number…) is simply not a valid token.
  if (typeof token !== 'string') throw new JourneyError('SESSION_EXPIRED');
  let claims: StepClaims;
  try {
    claims = await verifyStepToken(token, deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) throw new JourneyError('SESSION_EXPIRED');
    throw error;
  }
  const t = tablesFor(claims.env);
  const [session] = await deps.db
    .select()
    .from(t.journeySessions)
    .where(eq(t.journeySessions.id, claims.sid));
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
  const app = await getCustomerApp(deps.db, session.appId);
  if (!app) throw new JourneyError('SESSION_EXPIRED');
  return { deps, env: claims.env, t, token, claims, session, app, state: stateOf(session) };
}

/**
 * Applies `patch` to the session if — and only if — it is still at the version the token named,
 * bumping the version so that the token cannot be used again. Throws SESSION_EXPIRED when another
 * request got there first (a replay or a double submit).
 */
export async function commitStep(
  ctx: StepContext,
  patch: SessionPatch,
  tx: Tx = ctx.deps.db,
): Promise<JourneySession> {
  const { t, session, deps } = ctx;
  const [updated] = await tx
    .update(t.journeySessions)
    .set({ ...patch, version: sql`${t.journeySessions.version} + 1`, updatedAt: deps.now })
    .where(
      and(
        eq(t.journeySessions.id, session.id),
        eq(t.journeySessions.version, session.version),
        eq(t.journeySessions.status, 'active'),
        gt(t.journeySessions.expiresAt, deps.now),
      ),
    )
    .returning();
  if (!updated) throw new JourneyError('SESSION_EXPIRED');
  return updated;
}

/** Appends a funnel event (no values of credentials or codes, ever). */
export async function recordJourneyEvent(
  tx: Tx,
  t: EnvTables,
  input: {
    sessionId: string;
    type: string;
    step?: string;
    accountRef?: string;
    customerId?: string;
    clientRef?: string;
    details?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await tx.insert(t.journeyEvents).values({
    sessionId: input.sessionId,
    type: input.type,
    step: input.step ?? null,
    accountRef: input.accountRef ?? null,
    customerId: input.customerId ?? null,
    clientRef: input.clientRef ?? null,
    details: input.details ?? {},
    at: input.at,
  });
}

/** Failed sign-ins on one OEM account within the budget's hour (see `checkSignInBudget`). */
export interface RecentFailures {
  /** From this customer's journeys at this client address. */
  ownBudget: number;
  /** From anywhere: the circuit breaker's count. */
  everywhere: number;
}

/**
 * Failed sign-ins on the OEM account `attemptRef` in the last hour, counted since the account's last
 * successful sign-in (a success resets the budget): from one customer and client address, and in all.
 */
export async function countRecentFailures(
  db: Db,
  t: EnvTables,
  input: { attemptRef: string; customerId: string; clientRef: string; now: Date },
): Promise<RecentFailures> {
  const e = t.journeyEvents;
  const hourAgo = new Date(input.now.getTime() - 3_600_000);
  const lastReset = db
    .select({ at: sql`max(${e.at})` })
    .from(e)
    .where(
      and(eq(e.accountRef, input.attemptRef), eq(e.type, 'attempts_reset'), lte(e.at, input.now)),
    );
  const [row] = await db
    .select({
      ownBudget: sql<number>`count(*) filter (where ${e.customerId} = ${input.customerId} and ${e.clientRef} = ${input.clientRef})::int`,
      everywhere: sql<number>`count(*)::int`,
    })
    .from(e)
    .where(
      and(
        eq(e.accountRef, input.attemptRef),
        eq(e.type, 'login_failed'),
        gt(e.at, hourAgo),
        sql`${e.at} > coalesce((${lastReset}), '-infinity'::timestamptz)`,
      ),
    );
  return { ownBudget: row?.ownBudget ?? 0, everywhere: row?.everywhere ?? 0 };
}
