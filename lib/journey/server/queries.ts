import { endUserIdFor } from '../../devices/register';
import type { FunnelEventRow } from '../funnel';
import { openEvent } from '../funnel';
import { and, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { runPrepared, sqlPerEnvironment } from '../../db/prepared';
import type { Environment, EnvTables, JourneySession } from '../../db/schema';
import { tablesFor } from '../../db/schema';

/**
 * Every statement the journey runs against its own tables, one named function each: sessions and
 * their compare-and-swap, funnel events, the sign-in budget's count, reconnection links, and the
 * device reads its screens need. Nothing else in the journey's server module writes SQL.
 */

export type SessionPatch = Partial<
  Omit<JourneySession, 'id' | 'customerId' | 'appId' | 'userId' | 'createdAt' | 'version'>
>;

export type NewSession = EnvTables['journeySessions']['$inferInsert'];

/** A funnel event (no values of credentials or codes, ever). */
export interface JourneyEventInput {
  sessionId: string;
  type: string;
  step?: string;
  accountRef?: string;
  customerId?: string;
  clientRef?: string;
  details?: Record<string, unknown>;
  at: Date;
}

/** The session a step token names (a prepared statement: every step starts here). */
export async function findSession(
  db: Db,
  env: Environment,
  sessionId: string,
): Promise<JourneySession | undefined> {
  const rows = await runPrepared(
    db,
    `journey_find_session_${env}`,
    `SELECT * FROM "${env}".journey_sessions WHERE id = $1::text`,
    [sessionId],
  );
  return rows[0] ? sessionFromRow(env, rows[0]) : undefined;
}

/** Opens a session and records its `started` event and its funnel's OPEN: one statement. */
export async function insertSession(
  db: Db,
  env: Environment,
  values: NewSession,
): Promise<JourneySession | undefined> {
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;
  const started: JourneyEventInput = {
    sessionId: values.id,
    type: 'started',
    step: values.step,
    details: { mode: values.mode },
    at: values.createdAt ?? new Date(),
  };
  const rows = await runPrepared(db, `journey_insert_session_${env}`, insertSessionSql(env), [
    values.id,
    values.customerId,
    values.appId,
    values.userId,
    values.mode,
    values.status ?? 'active',
    values.step,
    values.version ?? 1,
    values.state ?? null,
    values.language ?? 'en',
    values.deviceType ?? null,
    values.oem ?? null,
    values.authMethod ?? null,
    values.accountRef ?? null,
    values.oemSession ?? null,
    json(values.discoveredDevices),
    json(values.selectedDeviceIds),
    values.credentialId ?? null,
    values.loginFailures ?? 0,
    values.mfaFailures ?? 0,
    JSON.stringify(values.skippedSteps ?? []),
    values.mfaResends ?? 0,
    iso(values.mfaSentAt),
    values.errorCode ?? null,
    json(values.deviceIds),
    iso(values.createdAt),
    iso(values.updatedAt),
    iso(values.expiresAt),
    iso(values.completedAt),
    eventsJson([started]),
    JSON.stringify([openEvent(values.step, values.oem ?? null)]),
  ]);
  return rows[0] ? sessionFromRow(env, rows[0]) : undefined;
}

const insertSessionSql = sqlPerEnvironment(
  (schema) => `WITH opened AS (
  INSERT INTO ${schema}.journey_sessions (id, customer_id, app_id, user_id, mode, status, step, version,
    state, language, device_type, oem, auth_method, account_ref, oem_session, discovered_devices,
    selected_device_ids, credential_id, login_failures, mfa_failures, skipped_steps, mfa_resends,
    mfa_sent_at, error_code, device_ids, created_at, updated_at, expires_at, completed_at)
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::int, $9::text,
    $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, $16::text::jsonb,
    $17::text::jsonb, $18::text, $19::int, $20::int, $21::text::jsonb, $22::int,
    $23::text::timestamptz, $24::text, $25::text::jsonb,
    coalesce($26::text::timestamptz, now()), coalesce($27::text::timestamptz, now()),
    $28::text::timestamptz, $29::text::timestamptz)
  RETURNING *
), logged AS (
  INSERT INTO ${schema}.journey_events (${EVENT_COLUMNS})
  SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($30::text::jsonb) AS e(${EVENT_RECORD})
  WHERE EXISTS (SELECT 1 FROM opened)
), funnel AS (
  INSERT INTO ${schema}.funnel_events (session_id, customer_id, app_id, at, event, step, oem, code)
  SELECT s.id, s.customer_id, s.app_id, s.created_at, f.event, f.step, f.oem, f.code
  FROM opened s, jsonb_to_recordset($31::text::jsonb) AS f(event text, step text, oem text, code text)
)
SELECT * FROM opened`,
);

/**
 * Applies `patch` to the session if — and only if — it is still active, unexpired and at `version`,
 * bumping the version so that the token that named it cannot be used again. Undefined when another
 * request got there first: nothing is written.
 */
export async function compareAndSwapSession(
  tx: Tx,
  env: Environment,
  input: { sessionId: string; version: number; patch: SessionPatch; now: Date },
): Promise<JourneySession | undefined> {
  const t = tablesFor(env);
  const [updated] = await tx
    .update(t.journeySessions)
    .set({ ...input.patch, version: sql`${t.journeySessions.version} + 1`, updatedAt: input.now })
    .where(
      and(
        eq(t.journeySessions.id, input.sessionId),
        eq(t.journeySessions.version, input.version),
        eq(t.journeySessions.status, 'active'),
        gt(t.journeySessions.expiresAt, input.now),
      ),
    )
    .returning();
  return updated;
}

/** What a step may change on its session (the rest is fixed at launch, or set at completion). */
export type StepChanges = Pick<
  JourneySession,
  | 'step'
  | 'status'
  | 'deviceType'
  | 'oem'
  | 'authMethod'
  | 'accountRef'
  | 'oemSession'
  | 'discoveredDevices'
  | 'selectedDeviceIds'
  | 'loginFailures'
  | 'mfaFailures'
  | 'mfaResends'
  | 'mfaSentAt'
  | 'errorCode'
  | 'completedAt'
  | 'deviceIds'
>;

/** A step's writes, as swapStep applies them. */
export interface StepSwap {
  sessionId: string;
  version: number;
  changes: StepChanges;
  now: Date;
  events: readonly JourneyEventInput[];
  recorded: readonly JourneyEventInput[];
  /** The step's funnel events, written with the swap (and only if it wins). */
  funnel: readonly FunnelEventRow[];
  /** At the device selection: the end user whose connected devices the screen marks. */
  endUserId?: string;
}

/**
 * A step's writes in one statement: `recorded` events are appended whatever happens; the session is
 * moved to `changes` if — and only if — it is still active, unexpired and at `version` (bumping the
 * version); and `events` and `funnel` are appended only when it was. Undefined when another request
 * moved the session first. One fixed SQL text per environment, run as a named prepared statement, in
 * the transaction `db` is, if any.
 *
 * Given `endUserId` (the session moves to the device selection), the swap also answers which of the
 * discovered devices that user already has connected, for the screen it shows next.
 */
export async function swapStep(
  db: Tx,
  env: Environment,
  input: StepSwap,
): Promise<SwappedSession | undefined> {
  const c = input.changes;
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const rows = await runPrepared(db, `journey_step_swap_${env}`, swapSql(env), [
    c.step,
    c.status,
    c.deviceType,
    c.oem,
    c.authMethod,
    c.accountRef,
    c.oemSession,
    json(c.discoveredDevices),
    json(c.selectedDeviceIds),
    c.loginFailures,
    c.mfaFailures,
    c.errorCode,
    c.completedAt?.toISOString() ?? null,
    input.now.toISOString(),
    input.sessionId,
    input.version,
    eventsJson(input.recorded),
    eventsJson(input.events),
    JSON.stringify(input.funnel),
    c.mfaResends,
    c.mfaSentAt?.toISOString() ?? null,
    json(c.deviceIds),
    input.endUserId ?? null,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const connected = row.connected_oem_device_ids;
  return {
    session: sessionFromRow(env, row),
    connectedOemDeviceIds: Array.isArray(connected) ? new Set(connected.map(String)) : undefined,
  };
}

/** swapStep, for a caller that needs only the session. */
export async function swapSessionWithEvents(
  db: Tx,
  env: Environment,
  input: StepSwap,
): Promise<JourneySession | undefined> {
  return (await swapStep(db, env, input))?.session;
}

/** A session as a step left it, with what its next screen needs from other tables. */
export interface SwappedSession {
  session: JourneySession;
  /** At the device selection: the discovered devices this user already has connected. */
  connectedOemDeviceIds?: Set<string>;
}

function eventsJson(events: readonly JourneyEventInput[]): string {
  return JSON.stringify(
    events.map((e) => ({
      session_id: e.sessionId,
      type: e.type,
      step: e.step ?? null,
      account_ref: e.accountRef ?? null,
      customer_id: e.customerId ?? null,
      client_ref: e.clientRef ?? null,
      details: e.details ?? {},
      at: e.at.toISOString(),
    })),
  );
}

const EVENT_RECORD =
  'session_id text, type text, step text, account_ref text, customer_id text, client_ref text, details jsonb, at timestamptz';
const EVENT_COLUMNS = 'session_id, type, step, account_ref, customer_id, client_ref, details, at';

// One INSERT for both lists, `recorded` first: event ids follow the order things happened.
const swapSql = sqlPerEnvironment(
  (schema) => `WITH swapped AS (
  UPDATE ${schema}.journey_sessions SET
    step = $1::text, status = $2::text, device_type = $3::text, oem = $4::text,
    auth_method = $5::text, account_ref = $6::text, oem_session = $7::text,
    discovered_devices = $8::text::jsonb, selected_device_ids = $9::text::jsonb,
    login_failures = $10::int, mfa_failures = $11::int, error_code = $12::text,
    completed_at = $13::text::timestamptz, updated_at = $14::text::timestamptz,
    mfa_resends = $20::int, mfa_sent_at = $21::text::timestamptz, device_ids = $22::text::jsonb,
    version = version + 1
  WHERE id = $15::text AND version = $16::int AND status = 'active'
    AND expires_at > $14::text::timestamptz
  RETURNING *
), logged AS (
  INSERT INTO ${schema}.journey_events (${EVENT_COLUMNS})
  SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($17::text::jsonb) AS r(${EVENT_RECORD})
  UNION ALL
  SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($18::text::jsonb) AS e(${EVENT_RECORD})
  WHERE EXISTS (SELECT 1 FROM swapped)
), funnel AS (
  INSERT INTO ${schema}.funnel_events (session_id, customer_id, app_id, at, event, step, oem, code)
  SELECT s.id, s.customer_id, s.app_id, $14::text::timestamptz, f.event, f.step, f.oem, f.code
  FROM swapped s, jsonb_to_recordset($19::text::jsonb) AS f(event text, step text, oem text, code text)
)
SELECT s.*, CASE WHEN $23::text IS NOT NULL AND s.oem IS NOT NULL THEN (
  SELECT coalesce(jsonb_agg(d.oem_device_id), '[]'::jsonb)
  FROM ${schema}.devices d
  WHERE d.customer_id = s.customer_id AND d.end_user_id = $23::text AND d.oem = s.oem
    AND d.status = 'connected' AND d.oem_device_id IN (
      SELECT x ->> 'oemDeviceId' FROM jsonb_array_elements(s.discovered_devices) AS x)
) END AS connected_oem_device_ids
FROM swapped s`,
);

/** A session row as the driver returns it (snake_case columns), as Drizzle would type it. */
function sessionFromRow(env: Environment, row: Record<string, unknown>): JourneySession {
  const session: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(tablesFor(env).journeySessions))) {
    const value = row[column.name];
    session[key] =
      value !== null && column.dataType === 'date' && !(value instanceof Date)
        ? new Date(value as string)
        : value;
  }
  return session as JourneySession;
}

/** Appends funnel events. */
export async function insertJourneyEvents(
  tx: Tx,
  env: Environment,
  events: readonly JourneyEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  const t = tablesFor(env);
  await tx.insert(t.journeyEvents).values(
    events.map((e) => ({
      sessionId: e.sessionId,
      type: e.type,
      step: e.step ?? null,
      accountRef: e.accountRef ?? null,
      customerId: e.customerId ?? null,
      clientRef: e.clientRef ?? null,
      details: e.details ?? {},
      at: e.at,
    })),
  );
}

/** Records the devices a completed journey registered (when they are not the ids it expected). */
export async function setSessionDeviceIds(
  tx: Tx,
  env: Environment,
  sessionId: string,
  deviceIds: string[],
): Promise<JourneySession | undefined> {
  const t = tablesFor(env);
  const [session] = await tx
    .update(t.journeySessions)
    .set({ deviceIds })
    .where(eq(t.journeySessions.id, sessionId))
    .returning();
  return session;
}

/** Failed sign-ins on one OEM account within the budget's hour. */
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
  env: Environment,
  input: { attemptRef: string; customerId: string; clientRef: string; now: Date },
): Promise<RecentFailures> {
  const hourAgo = new Date(input.now.getTime() - 3_600_000);
  const [row] = await runPrepared(db, `journey_recent_failures_${env}`, failuresSql(env), [
    input.attemptRef,
    input.now.toISOString(),
    hourAgo.toISOString(),
    input.customerId,
    input.clientRef,
  ]);
  return { ownBudget: Number(row?.own_budget ?? 0), everywhere: Number(row?.everywhere ?? 0) };
}

const failuresSql = sqlPerEnvironment(
  (schema) => `SELECT
  count(*) FILTER (WHERE customer_id = $4::text AND client_ref = $5::text)::int AS own_budget,
  count(*)::int AS everywhere
FROM ${schema}.journey_events
WHERE account_ref = $1::text AND type = 'login_failed' AND at > $3::text::timestamptz
  AND at > coalesce((
    SELECT max(at) FROM ${schema}.journey_events
    WHERE account_ref = $1::text AND type = 'attempts_reset' AND at <= $2::text::timestamptz
  ), '-infinity'::timestamptz)`,
);

/** The names of every device of one credential (reconnection refreshes them all). */
export async function deviceNamesOfCredential(
  db: Db,
  env: Environment,
  credentialId: string,
): Promise<string[]> {
  const t = tablesFor(env);
  const rows = await db
    .select({ name: t.devices.name })
    .from(t.devices)
    .where(eq(t.devices.credentialId, credentialId))
    .orderBy(t.devices.name);
  return rows.map((r) => r.name);
}

/** Which of `oemDeviceIds` the customer already has connected from this OEM. */
export async function connectedOemDeviceIds(
  db: Db,
  env: Environment,
  input: { customerId: string; userId: string; oem: string; oemDeviceIds: string[] },
): Promise<Set<string>> {
  if (input.oemDeviceIds.length === 0) return new Set();
  const t = tablesFor(env);
  const rows = await db
    .select({ oemDeviceId: t.devices.oemDeviceId })
    .from(t.devices)
    .where(
      and(
        eq(t.devices.customerId, input.customerId),
        // This user's devices: another user's connection of the same OEM device is theirs.
        eq(t.devices.endUserId, endUserIdFor(env, input.customerId, input.userId)),
        eq(t.devices.oem, input.oem),
        eq(t.devices.status, 'connected'),
        inArray(t.devices.oemDeviceId, input.oemDeviceIds),
      ),
    );
  return new Set(rows.map((r) => r.oemDeviceId));
}

export async function findReconnectionLink(db: Db, env: Environment, linkId: string) {
  const t = tablesFor(env);
  const [link] = await db
    .select()
    .from(t.reconnectionLinks)
    .where(eq(t.reconnectionLinks.id, linkId));
  return link;
}

/** A credential with the customer's own id of its end user. */
export async function findCredentialWithUser(db: Db, env: Environment, credentialId: string) {
  const t = tablesFor(env);
  const [row] = await db
    .select({ credential: t.credentials, userId: t.endUsers.userId })
    .from(t.credentials)
    .innerJoin(t.endUsers, eq(t.endUsers.id, t.credentials.endUserId))
    .where(eq(t.credentials.id, credentialId));
  return row;
}

/** Uses a reconnection link up, atomically: false when it was used or expired meanwhile. */
export async function consumeReconnectionLink(
  db: Db,
  env: Environment,
  linkId: string,
  now: Date,
): Promise<boolean> {
  const t = tablesFor(env);
  const [consumed] = await db
    .update(t.reconnectionLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(t.reconnectionLinks.id, linkId),
        isNull(t.reconnectionLinks.usedAt),
        gt(t.reconnectionLinks.expiresAt, now),
      ),
    )
    .returning({ id: t.reconnectionLinks.id });
  return consumed !== undefined;
}
