import { and, desc, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { runPrepared, sqlPerEnvironment } from '../db/prepared';
import { ENVIRONMENTS, tablesFor } from '../db/schema';
import type { DeliveryStatus, Environment } from '../db/schema';
import type { WebhookErrorClass } from './error-class';
import type { WebhookDeliverySummary } from './types';

/**
 * The delivery queue: one named function per SQL statement (graphile-worker style). The dispatcher's
 * hot path uses fixed SQL texts run as prepared statements, so that claiming and completing are single
 * statements and no SQL is built per claim.
 */

/** Schema-qualified table name; `environment` comes from a closed set, never from input. */
function table(environment: Environment, name: string): SQL {
  return sql.raw(`"${environment === 'live' ? 'live' : 'sandbox'}"."${name}"`);
}

export async function listDeliveries(
  db: Db,
  environment: Environment,
  customerId: string,
  opts: { limit?: number; status?: DeliveryStatus; eventId?: string; endpointId?: string } = {},
): Promise<WebhookDeliverySummary[]> {
  const { webhookDeliveries: d, webhookEvents: e } = tablesFor(environment);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const rows = await db
    .select({
      deliveryId: d.id,
      eventId: d.eventId,
      eventType: e.type,
      endpointId: d.endpointId,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastResponseBytes: d.lastResponseBytes,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
    })
    .from(d)
    .innerJoin(e, eq(e.id, d.eventId))
    .where(
      and(
        eq(d.customerId, customerId),
        opts.status ? eq(d.status, opts.status) : undefined,
        opts.eventId ? eq(d.eventId, opts.eventId) : undefined,
        opts.endpointId ? eq(d.endpointId, opts.endpointId) : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    deliveryId: Number(r.deliveryId),
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : null,
  }));
}

export interface WebhookAttemptSummary {
  attempt: number;
  at: Date;
  statusCode: number | null;
  responseBytes: number | null;
  error: string | null;
  durationMs: number;
}

/** The attempts of one of the customer's deliveries, oldest first; null when there is no such delivery. */
export async function listDeliveryAttempts(
  db: Db,
  environment: Environment,
  customerId: string,
  deliveryId: number,
): Promise<WebhookAttemptSummary[] | null> {
  const { webhookDeliveries: d, webhookAttempts: a } = tablesFor(environment);
  const [delivery] = await db
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.id, deliveryId), eq(d.customerId, customerId)));
  if (!delivery) return null;
  return db
    .select({
      attempt: a.attempt,
      at: a.at,
      statusCode: a.statusCode,
      responseBytes: a.responseBytes,
      error: a.error,
      durationMs: a.durationMs,
    })
    .from(a)
    .where(eq(a.deliveryId, deliveryId))
    .orderBy(a.attempt, a.id);
}

/** Marks an endpoint's pending deliveries failed (endpoint disabled or deleted); replay still works. */
export async function failPendingDeliveries(
  tx: Tx,
  environment: Environment,
  endpointId: string,
  reason: Extract<WebhookErrorClass, 'endpoint_disabled' | 'endpoint_deleted'>,
): Promise<void> {
  const d = tablesFor(environment).webhookDeliveries;
  await tx
    .update(d)
    .set({ status: 'failed', lastError: reason, leaseUntil: null })
    .where(and(eq(d.endpointId, endpointId), eq(d.status, 'pending')));
}

const claimedSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  id: z.coerce.number(),
  attempts: z.coerce.number(),
  event_id: z.string(),
  endpoint_id: z.string(),
  customer_id: z.string(),
  url: z.string(),
  secrets: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
});
/** Schemas built once: building one per call costs more than the parse. */
const claimedRowsSchema = z.array(claimedSchema);
const appliedRowsSchema = z.array(z.object({ id: z.coerce.number() }));

export interface ClaimedDelivery {
  environment: Environment;
  deliveryId: number;
  /** This claim's attempt number (1-based); also the claim's fencing token. */
  attempt: number;
  eventId: string;
  endpointId: string;
  customerId: string;
  url: string;
  sealedSecrets: string[];
  payload: Record<string, unknown>;
}

/**
 * A fair share of delivery slots: no customer holds more than `perCustomer` deliveries in flight, so
 * a customer whose endpoints stall (or who has a large backlog) cannot take every slot.
 */
export interface FairShare {
  perCustomer: number;
  /** Deliveries this dispatcher has in flight, by customer. */
  inFlight: ReadonlyMap<string, number>;
}

/** How far ahead of the oldest due delivery a fair claim looks for other customers' deliveries. */
const FAIR_WINDOW_PER_SLOT = 8;

/**
 * The claim's SQL text for one order of environments, with or without the fair-share ranking: built
 * once per variant, then run as a prepared statement (no SQL is built per claim). Parameters: $1 now,
 * $2 lease end, $3 limit; with the ranking also $4 share, $5/$6 customers below their share and their
 * in-flight counts, $7 customers at their share, $8 how many due rows the fair window reads. Arrays are
 * passed as arrays, as for the outcome and release statements.
 */
function claimSql(order: readonly Environment[], fair: boolean): string {
  const due = `d.status = 'pending' AND d.next_attempt_at <= $1::timestamptz
          AND (d.lease_until IS NULL OR d.lease_until <= $1::timestamptz)`;
  const ctes: string[] = [];
  if (fair) {
    ctes.push(`
      busy (customer_id, n) AS (SELECT * FROM unnest($5::text[], $6::int[])),
      full_customers (customer_id) AS (SELECT unnest($7::text[]))`);
  }
  const claimedBefore: string[] = [];
  order.forEach((environment, i) => {
    const schema = environment === 'live' ? '"live"' : '"sandbox"';
    const D = `${schema}.webhook_deliveries`;
    const E = `${schema}.webhook_endpoints`;
    const V = `${schema}.webhook_events`;
    // What the earlier environments of this statement already claimed counts against the limit.
    const left = claimedBefore.length
      ? `GREATEST(0, $3::int - (${claimedBefore.map((c) => `(SELECT count(*) FROM ${c})`).join(' + ')}))`
      : '$3::int';
    if (fair) {
      const earlier = claimedBefore
        .map((c) => ` + (SELECT count(*) FROM ${c} c WHERE c.customer_id = w.customer_id)`)
        .join('');
      ctes.push(`
      window_${i} AS (
        SELECT d.id, d.customer_id, d.next_attempt_at FROM ${D} d JOIN ${E} e ON e.id = d.endpoint_id
        WHERE ${due} AND e.enabled AND e.deleted_at IS NULL
          AND d.customer_id NOT IN (SELECT customer_id FROM full_customers)
        ORDER BY d.next_attempt_at
        LIMIT $8::int
      ),
      ranked_${i} AS (
        SELECT w.id, w.next_attempt_at, COALESCE(b.n, 0)${earlier} + row_number() OVER (
          PARTITION BY w.customer_id ORDER BY w.next_attempt_at, w.id) AS slot
        FROM window_${i} w LEFT JOIN busy b ON b.customer_id = w.customer_id
      ),
      due_${i} AS (
        SELECT d.id FROM ${D} d
        WHERE d.id IN (
            SELECT r.id FROM ranked_${i} r WHERE r.slot <= $4::int
            ORDER BY r.next_attempt_at LIMIT ${left})
          AND ${due}
        FOR UPDATE OF d SKIP LOCKED
      )`);
    } else {
      ctes.push(`
      due_${i} AS (
        SELECT d.id FROM ${D} d JOIN ${E} e ON e.id = d.endpoint_id
        WHERE ${due} AND e.enabled AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at
        LIMIT ${left}
        FOR UPDATE OF d SKIP LOCKED
      )`);
    }
    ctes.push(`
      claimed_${i} AS (
        UPDATE ${D} d
        SET attempts = d.attempts + 1, lease_until = $2::timestamptz, last_attempt_at = $1::timestamptz
        FROM due_${i}, ${E} e, ${V} v
        WHERE d.id = due_${i}.id AND e.id = d.endpoint_id AND v.id = d.event_id
        RETURNING '${environment}'::text AS environment, d.id, d.attempts, d.event_id, d.endpoint_id,
                  d.customer_id, e.url, e.secrets, v.payload
      )`);
    claimedBefore.push(`claimed_${i}`);
  });
  return `WITH ${ctes.join(',')}
      ${claimedBefore.map((c) => `SELECT * FROM ${c}`).join(' UNION ALL ')}`;
}

const claimTexts = new Map<string, { name: string; text: string }>();

/** The claim statement for a variant, built on first use. */
function claimStatement(order: readonly Environment[], fair: boolean) {
  const key = `${order.join('_')}_${fair ? 'fair' : 'plain'}`;
  let statement = claimTexts.get(key);
  if (!statement) {
    statement = { name: `webhook_claim_${key}`, text: claimSql(order, fair) };
    claimTexts.set(key, statement);
  }
  return statement;
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`, from each of `environments` in turn (the first
 * ones' deliveries go first), in one statement: a dispatcher's refill is one round trip whatever the
 * number of environments. Counting the attempt at claim time makes the attempt number a fencing token:
 * a dispatcher whose lease expired (it crashed, or hung past the lease) cannot overwrite the outcome of
 * the attempt that took over. A crashed attempt therefore uses up one slot of the schedule, which also
 * stops a delivery that crashes its sender from looping forever.
 *
 * With `fairShare`, customers already at their share are skipped and each customer gets at most what
 * is left of its share (counting what the earlier environments just gave it), oldest first within each
 * customer; the oldest deliveries still go first.
 */
export async function claimDueDeliveries(
  db: Db,
  environments: Environment | readonly Environment[],
  opts: { now: Date; leaseMs: number; limit: number; fairShare?: FairShare },
): Promise<ClaimedDelivery[]> {
  const order = typeof environments === 'string' ? [environments] : [...new Set(environments)];
  if (order.length === 0 || opts.limit <= 0) return [];
  // The plain claim cannot exceed anyone's share when the claim is no larger than the smallest room
  // any customer has left; only then is the (costlier) per-customer ranking skipped.
  const fullest = opts.fairShare ? Math.max(0, ...opts.fairShare.inFlight.values()) : 0;
  const share =
    opts.fairShare && opts.limit > opts.fairShare.perCustomer - fullest
      ? opts.fairShare.perCustomer
      : undefined;
  const statement = claimStatement(order, share !== undefined);
  const values: unknown[] = [
    opts.now.toISOString(),
    new Date(opts.now.getTime() + opts.leaseMs).toISOString(),
    opts.limit,
  ];
  if (share !== undefined) {
    const busy = [...opts.fairShare!.inFlight].filter(([, n]) => n > 0);
    const partial = busy.filter(([, n]) => n < share);
    values.push(
      share,
      partial.map(([id]) => id),
      partial.map(([, n]) => n),
      busy.filter(([, n]) => n >= share).map(([id]) => id),
      opts.limit * FAIR_WINDOW_PER_SLOT,
    );
  }
  const rows = await runPrepared(db, statement.name, statement.text, values);
  return claimedRowsSchema.parse(rows).map((r) => ({
    environment: r.environment,
    deliveryId: r.id,
    attempt: r.attempts,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    customerId: r.customer_id,
    url: r.url,
    sealedSecrets: r.secrets,
    payload: r.payload,
  }));
}

/**
 * Gives back claims whose delivery was never started (a stopping dispatcher's prefetched ones): the
 * attempt they counted is undone and the lease dropped, so they are due again at once. A claim that no
 * longer holds its delivery (its lease ended and another took over) is left alone.
 */
export async function releaseClaims(db: Db, claims: readonly ClaimedDelivery[]): Promise<void> {
  for (const environment of ENVIRONMENTS) {
    const mine = claims.filter((c) => c.environment === environment);
    if (mine.length === 0) continue;
    await runPrepared(db, `webhook_release_${environment}`, releaseSql(environment), [
      mine.map((c) => c.deliveryId),
      mine.map((c) => c.attempt),
    ]);
  }
}

const releaseSql = sqlPerEnvironment(
  (schema) => `UPDATE ${schema}.webhook_deliveries d
      SET attempts = d.attempts - 1, lease_until = NULL
      FROM unnest($1::bigint[], $2::int[]) AS r (id, attempt)
      WHERE d.id = r.id AND d.attempts = r.attempt AND d.status = 'pending'`,
);

/**
 * Refreshes the planner's statistics of the delivery queue. Without them (PGlite never runs autovacuum;
 * PostgreSQL's lags behind a burst) the planner takes the due deliveries for a handful of rows and
 * sorts all of them for every claim instead of reading the first few off the due index: a claim then
 * costs time in proportion to the backlog (27 ms instead of 0.2 ms with 2,000 due on PGlite).
 */
export async function analyzeDeliveryQueue(
  db: Db,
  environments: readonly Environment[],
): Promise<void> {
  for (const environment of new Set(environments)) {
    await db.execute(sql`ANALYZE ${table(environment, 'webhook_deliveries')}`);
  }
}

export interface AttemptOutcome {
  /** 'pending' = retry at `nextAttemptAt`. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  responseBytes: number | null;
  error: WebhookErrorClass | null;
  durationMs: number;
  at: Date;
}

/**
 * Records attempts and, where the claim still holds its delivery, their outcomes — in one statement, so
 * a crash leaves either both or neither, and so that many outcomes share one round trip and one commit
 * (the dispatcher groups them). A claim is superseded when its lease expired and another dispatcher took
 * over, or when the endpoint was disabled meanwhile; its attempt is logged anyway. Returns the ids of
 * the deliveries whose outcome was applied.
 */
export async function recordAttempts(
  db: Db,
  environment: Environment,
  items: ReadonlyArray<{ claim: ClaimedDelivery; outcome: AttemptOutcome }>,
): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const column = <T>(pick: (item: (typeof items)[number]) => T) => items.map(pick);
  const rows = await runPrepared(db, `webhook_record_${environment}`, recordSql(environment), [
    column(({ claim }) => claim.deliveryId),
    column(({ claim }) => claim.attempt),
    column(({ outcome }) => outcome.at.toISOString()),
    column(({ outcome }) => outcome.status),
    column(({ outcome }) => outcome.nextAttemptAt?.toISOString() ?? null),
    column(({ outcome }) => outcome.statusCode),
    column(({ outcome }) => outcome.responseBytes),
    column(({ outcome }) => outcome.error),
    column(({ outcome }) => Math.round(outcome.durationMs)),
  ]);
  return new Set(appliedRowsSchema.parse(rows).map((r) => r.id));
}

/** One statement for any number of outcomes: each column is one array parameter. */
const recordSql = sqlPerEnvironment(
  (
    schema,
  ) => `WITH input (delivery_id, attempt, at, status, next_attempt_at, status_code, response_bytes,
                  error, duration_ms) AS (
        SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::text[], $5::timestamptz[],
                             $6::int[], $7::int[], $8::text[], $9::int[])
      ),
      logged AS (
        INSERT INTO ${schema}.webhook_attempts
          (delivery_id, attempt, at, status_code, response_bytes, error, duration_ms)
        SELECT delivery_id, attempt, at, status_code, response_bytes, error, duration_ms FROM input
      )
      UPDATE ${schema}.webhook_deliveries d
      SET status = i.status,
          next_attempt_at = COALESCE(i.next_attempt_at, d.next_attempt_at),
          lease_until = NULL,
          last_status_code = i.status_code,
          last_response_bytes = i.response_bytes,
          last_error = i.error,
          delivered_at = CASE WHEN i.status = 'succeeded' THEN i.at END
      FROM input i
      WHERE d.id = i.delivery_id AND d.attempts = i.attempt AND d.status = 'pending'
      RETURNING d.id`,
);

/** Records one attempt (see `recordAttempts`); false when the claim was superseded. */
export async function recordAttempt(
  db: Db,
  claim: ClaimedDelivery,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const applied = await recordAttempts(db, claim.environment, [{ claim, outcome }]);
  return applied.has(claim.deliveryId);
}
