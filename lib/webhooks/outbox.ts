import { and, eq, isNull, sql } from 'drizzle-orm';
import { randomId } from '../crypto';
import type { Db, Tx } from '../db/client';
import { runPrepared, sqlPerEnvironment } from '../db/prepared';
import { tablesFor } from '../db/schema';
import type { Environment } from '../db/schema';
import { notifyDispatcher } from './wake';
import { WEBHOOK_EVENT_TYPES, webhookEventTypeSchema } from './types';
import type { WebhookEventType } from './types';

/**
 * The outbox. An event row is written in the caller's transaction together with the change it reports,
 * plus one pending delivery per enabled endpoint: if the change commits, the delivery exists; if it rolls
 * back, nothing is sent. The dispatcher picks deliveries up from there.
 */

/** Schema name; `environment` comes from a closed set, never from input. */
const schemaOf = (environment: Environment) => `"${environment === 'live' ? 'live' : 'sandbox'}"`;

/**
 * The rows a statement turns into events, one event per row: SQL expressions over the statement's own
 * parameters and CTEs.
 */
export interface OutboxEventRows {
  type: WebhookEventType;
  /** What follows `SELECT … FROM`: the rows, with their joins, `WHERE` and `ORDER BY` (write order). */
  from: string;
  eventId: string;
  customerId: string;
  /** The event's time as ISO text (the payload's `createdAt`). */
  createdAt: string;
  /** The payload's `data`, as jsonb. */
  data: string;
  /** Only these endpoints (a JSON array of ids, as text; NULL: every enabled endpoint). */
  onlyEndpointIds?: string;
}

/**
 * One pending delivery per enabled endpoint of each row of `events` (`id`, `customer_id`, `at`: when
 * the delivery is due), optionally only to the endpoints in the JSON array `onlyEndpointIds`.
 */
function deliveryCte(s: string, events: string, onlyEndpointIds?: string): string {
  const only = onlyEndpointIds
    ? `AND (${onlyEndpointIds} IS NULL OR e.id IN (SELECT jsonb_array_elements_text(${onlyEndpointIds}::jsonb)))`
    : '';
  return `delivery AS (
  INSERT INTO ${s}.webhook_deliveries (event_id, endpoint_id, customer_id, next_attempt_at, created_at)
  SELECT v.id, e.id, e.customer_id, v.at, v.at
  FROM ${events} v JOIN ${s}.webhook_endpoints e ON e.customer_id = v.customer_id
  WHERE e.enabled AND e.deleted_at IS NULL ${only}
  RETURNING id
)`;
}

/**
 * The outbox inside a statement that makes a change: the CTEs `event` (one event per row, with its
 * Standard Webhooks payload: `WebhookPayload`'s id, type, createdAt, environment and data) and
 * `delivery` (one pending delivery per enabled endpoint of the event's customer, due at once). The
 * change and the events it reports commit together, in one round trip, or not at all.
 */
export function outboxCtes(environment: Environment, rows: OutboxEventRows): string {
  // The type is part of the public contract and goes into the SQL text: refuse anything else.
  const type = webhookEventTypeSchema.parse(rows.type);
  const s = schemaOf(environment);
  return `event AS (
  INSERT INTO ${s}.webhook_events (id, customer_id, type, payload, created_at)
  SELECT ${rows.eventId}, ${rows.customerId}, '${type}',
    jsonb_build_object('id', ${rows.eventId}, 'type', '${type}', 'createdAt', ${rows.createdAt},
      'environment', '${environment}', 'data', ${rows.data}),
    (${rows.createdAt})::timestamptz
  FROM ${rows.from}
  RETURNING id, customer_id, created_at AS at
), ${deliveryCte(s, 'event', rows.onlyEndpointIds)}`;
}

/**
 * A single event's statement, per type and environment: $1 event id, $2 customer, $3 time, $4 data,
 * $5 only these endpoints (or NULL: every enabled endpoint).
 */
const eventSql = Object.fromEntries(
  WEBHOOK_EVENT_TYPES.map((type) => [
    type,
    sqlPerEnvironment(
      (_schema, env) => `WITH ${outboxCtes(env, {
        type,
        from: '(VALUES (1)) AS one (n)',
        eventId: '$1::text',
        customerId: '$2::text',
        createdAt: '$3::text',
        data: '$4::text::jsonb',
        onlyEndpointIds: '$5::text',
      })}
SELECT count(*)::int AS deliveries FROM delivery`,
    ),
  ]),
) as Record<WebhookEventType, ReturnType<typeof sqlPerEnvironment>>;

/** A replay's statement: $1 event id, $2 customer, $3 time, $4 only these endpoints (or NULL). */
const replaySql = sqlPerEnvironment(
  (schema) => `WITH source AS (
  SELECT id, customer_id, $3::text::timestamptz AS at FROM ${schema}.webhook_events
  WHERE id = $1::text AND customer_id = $2::text
), ${deliveryCte(schema, 'source', '$4::text')}
SELECT count(*)::int AS deliveries FROM delivery`,
);

async function writeEvent(
  tx: Tx,
  environment: Environment,
  input: { customerId: string; type: WebhookEventType; data: Record<string, unknown>; now?: Date },
  onlyEndpointIds?: string[],
): Promise<{ eventId: string; deliveries: number }> {
  const type = webhookEventTypeSchema.parse(input.type);
  const now = input.now ?? new Date();
  // `msg_` ids follow the Standard Webhooks convention; receivers deduplicate on them.
  const eventId = randomId('msg');
  const [row] = await runPrepared(
    tx,
    `outbox_event_${environment}_${type}`,
    eventSql[type](environment),
    [
      eventId,
      input.customerId,
      now.toISOString(),
      JSON.stringify(input.data),
      onlyEndpointIds ? JSON.stringify(onlyEndpointIds) : null,
    ],
  );
  return { eventId, deliveries: Number(row?.deliveries ?? 0) };
}

/**
 * Writes an event and one pending delivery per enabled endpoint of the customer in `environment`.
 * Call it inside the transaction that makes the change; call `notifyDispatcher()` after the commit for
 * near-immediate delivery in this process (the dispatcher polls anyway).
 */
export async function enqueueEvent(
  tx: Tx,
  environment: Environment,
  input: { customerId: string; type: WebhookEventType; data: Record<string, unknown>; now?: Date },
): Promise<{ eventId: string }> {
  const { eventId } = await writeEvent(tx, environment, input);
  return { eventId };
}

/**
 * Sends an event again: new pending deliveries with the same `webhook-id` (receivers deduplicate on it)
 * and fresh signatures. Goes to the customer's currently enabled endpoints; a `webhook.test` event only
 * to the endpoints it was originally sent to. Returns null when the customer has no such event.
 */
export async function replayEvent(
  db: Db,
  environment: Environment,
  customerId: string,
  eventId: string,
  now: Date = new Date(),
): Promise<{ deliveries: number } | null> {
  const { webhookEvents: v, webhookDeliveries: d } = tablesFor(environment);
  const result = await db.transaction(async (tx) => {
    const [event] = await tx
      .select({ type: v.type })
      .from(v)
      .where(and(eq(v.id, eventId), eq(v.customerId, customerId)));
    if (!event) return null;
    let only: string[] | undefined;
    if (event.type === 'webhook.test') {
      const original = await tx
        .selectDistinct({ endpointId: d.endpointId })
        .from(d)
        .where(eq(d.eventId, eventId));
      only = original.map((o) => o.endpointId);
    }
    const [row] = await runPrepared(tx, `outbox_replay_${environment}`, replaySql(environment), [
      eventId,
      customerId,
      now.toISOString(),
      only ? JSON.stringify(only) : null,
    ]);
    return { deliveries: Number(row?.deliveries ?? 0) };
  });
  if (result && result.deliveries > 0) notifyDispatcher();
  return result;
}

/** Sends a `webhook.test` event to one enabled endpoint; null when there is no such endpoint. */
export async function sendTestEvent(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
  now: Date = new Date(),
): Promise<{ eventId: string } | null> {
  const e = tablesFor(environment).webhookEndpoints;
  const result = await db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ id: e.id })
      .from(e)
      .where(
        and(
          eq(e.id, endpointId),
          eq(e.customerId, customerId),
          eq(e.enabled, true),
          isNull(e.deletedAt),
        ),
      );
    if (!endpoint) return null;
    const data = { endpointId, message: 'This is a test event from Auth Journey.' };
    return writeEvent(tx, environment, { customerId, type: 'webhook.test', data, now }, [
      endpointId,
    ]);
  });
  if (!result) return null;
  notifyDispatcher();
  return { eventId: result.eventId };
}

/** Counts deliveries by status (operations and tests). */
export async function countDeliveries(
  db: Db,
  environment: Environment,
): Promise<Record<string, number>> {
  const d = tablesFor(environment).webhookDeliveries;
  const rows = await db
    .select({ status: d.status, n: sql<number>`count(*)::int` })
    .from(d)
    .groupBy(d.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
