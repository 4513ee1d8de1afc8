import { and, desc, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { ENVIRONMENTS, tablesFor } from '../db/schema';
import type { DeliveryStatus, Environment } from '../db/schema';
import type { WebhookErrorClass } from './error-class';
import type { WebhookDeliverySummary } from './types';

/**
 * The delivery queue: one named function per SQL statement (graphile-worker style). The dispatcher's
 * hot path uses hand-written SQL so that claiming and completing are single statements.
 */

/** Schema-qualified table name; `environment` comes from a closed set, never from input. */
function table(environment: Environment, name: string): SQL {
  return sql.raw(`"${environment === 'live' ? 'live' : 'sandbox'}"."${name}"`);
}

async function rowsOf<T>(db: Tx, query: SQL, schema: z.ZodType<T>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: unknown[] };
  return z.array(schema).parse(result.rows);
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
  const now = opts.now.toISOString();
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  const dueWhere = sql`d.status = 'pending' AND d.next_attempt_at <= ${now}::timestamptz
          AND (d.lease_until IS NULL OR d.lease_until <= ${now}::timestamptz)`;
  // The plain claim cannot exceed anyone's share when the claim is no larger than the smallest room
  // any customer has left; only then is the (costlier) per-customer ranking skipped.
  const fullest = opts.fairShare ? Math.max(0, ...opts.fairShare.inFlight.values()) : 0;
  const share =
    opts.fairShare && opts.limit > opts.fairShare.perCustomer - fullest
      ? opts.fairShare.perCustomer
      : undefined;
  const ctes: SQL[] = [];
  if (share !== undefined) {
    const busy = [...opts.fairShare!.inFlight].filter(([, n]) => n > 0);
    const partial = busy.filter(([, n]) => n < share);
    ctes.push(sql`
      busy (customer_id, n) AS (
        SELECT * FROM unnest(${`{${partial.map(([id]) => JSON.stringify(id)).join(',')}}`}::text[],
                             ${`{${partial.map(([, n]) => n).join(',')}}`}::int[])
      ),
      full_customers (customer_id) AS (
        SELECT unnest(${`{${busy
          .filter(([, n]) => n >= share)
          .map(([id]) => JSON.stringify(id))
          .join(',')}}`}::text[])
      )`);
  }
  const claimedBefore: SQL[] = [];
  order.forEach((environment, i) => {
    const D = table(environment, 'webhook_deliveries');
    const E = table(environment, 'webhook_endpoints');
    const V = table(environment, 'webhook_events');
    const claimedHere = sql.raw(`claimed_${i}`);
    const dueHere = sql.raw(`due_${i}`);
    // What the earlier environments of this statement already claimed counts against the limit.
    const left = claimedBefore.length
      ? sql`GREATEST(0, ${opts.limit}::int - (${sql.join(
          claimedBefore.map((c) => sql`(SELECT count(*) FROM ${c})`),
          sql` + `,
        )}))`
      : sql`${opts.limit}::int`;
    if (share !== undefined) {
      const earlier = claimedBefore.length
        ? sql.join(
            claimedBefore.map(
              (c) => sql` + (SELECT count(*) FROM ${c} c WHERE c.customer_id = w.customer_id)`,
            ),
            sql``,
          )
        : sql``;
      const windowRows = sql.raw(`window_${i}`);
      const ranked = sql.raw(`ranked_${i}`);
      ctes.push(sql`
      ${windowRows} AS (
        SELECT d.id, d.customer_id, d.next_attempt_at FROM ${D} d JOIN ${E} e ON e.id = d.endpoint_id
        WHERE ${dueWhere} AND e.enabled AND e.deleted_at IS NULL
          AND d.customer_id NOT IN (SELECT customer_id FROM full_customers)
        ORDER BY d.next_attempt_at
        LIMIT ${opts.limit * FAIR_WINDOW_PER_SLOT}::int
      ),
      ${ranked} AS (
        SELECT w.id, w.next_attempt_at, COALESCE(b.n, 0)${earlier} + row_number() OVER (
          PARTITION BY w.customer_id ORDER BY w.next_attempt_at, w.id) AS slot
        FROM ${windowRows} w LEFT JOIN busy b ON b.customer_id = w.customer_id
      ),
      ${dueHere} AS (
        SELECT d.id FROM ${D} d
        WHERE d.id IN (
            SELECT r.id FROM ${ranked} r WHERE r.slot <= ${share}::int
            ORDER BY r.next_attempt_at LIMIT ${left})
          AND ${dueWhere}
        FOR UPDATE OF d SKIP LOCKED
      )`);
    } else {
      ctes.push(sql`
      ${dueHere} AS (
        SELECT d.id FROM ${D} d JOIN ${E} e ON e.id = d.endpoint_id
        WHERE ${dueWhere} AND e.enabled AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at
        LIMIT ${left}
        FOR UPDATE OF d SKIP LOCKED
      )`);
    }
    ctes.push(sql`
      ${claimedHere} AS (
        UPDATE ${D} d
        SET attempts = d.attempts + 1, lease_until = ${leaseUntil}::timestamptz,
            last_attempt_at = ${now}::timestamptz
        FROM ${dueHere}, ${E} e, ${V} v
        WHERE d.id = ${dueHere}.id AND e.id = d.endpoint_id AND v.id = d.event_id
        RETURNING ${environment}::text AS environment, d.id, d.attempts, d.event_id, d.endpoint_id,
                  d.customer_id, e.url, e.secrets, v.payload
      )`);
    claimedBefore.push(claimedHere);
  });
  const rows = await rowsOf(
    db,
    sql`
      WITH ${sql.join(ctes, sql`,`)}
      ${sql.join(
        claimedBefore.map((c) => sql`SELECT * FROM ${c}`),
        sql` UNION ALL `,
      )}`,
    claimedSchema,
  );
  return rows.map((r) => ({
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
  const D = table(environment, 'webhook_deliveries');
  const A = table(environment, 'webhook_attempts');
  const values = sql.join(
    items.map(
      ({ claim, outcome }) => sql`(
        ${claim.deliveryId}::bigint, ${claim.attempt}::int, ${outcome.at.toISOString()}::timestamptz,
        ${outcome.status}::text, ${outcome.nextAttemptAt?.toISOString() ?? null}::timestamptz,
        ${outcome.statusCode}::int, ${outcome.responseBytes}::int, ${outcome.error}::text,
        ${Math.round(outcome.durationMs)}::int)`,
    ),
    sql`, `,
  );
  const rows = await rowsOf(
    db,
    sql`
      WITH input (delivery_id, attempt, at, status, next_attempt_at, status_code, response_bytes,
                  error, duration_ms) AS (
        VALUES ${values}
      ),
      logged AS (
        INSERT INTO ${A} (delivery_id, attempt, at, status_code, response_bytes, error, duration_ms)
        SELECT delivery_id, attempt, at, status_code, response_bytes, error, duration_ms FROM input
      )
      UPDATE ${D} d
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
    z.object({ id: z.coerce.number() }),
  );
  return new Set(rows.map((r) => r.id));
}

/** Records one attempt (see `recordAttempts`); false when the claim was superseded. */
export async function recordAttempt(
  db: Db,
  claim: ClaimedDelivery,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const applied = await recordAttempts(db, claim.environment, [{ claim, outcome }]);
  return applied.has(claim.deliveryId);
}
