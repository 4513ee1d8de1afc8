import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { randomId } from '../crypto';
import type { Db, Tx } from '../db/client';
import { tablesFor } from '../db/schema';
import type { Environment } from '../db/schema';
import { notifyDispatcher } from './wake';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './types';
import type { WebhookEventType, WebhookPayload } from './types';

/**
 * The outbox. An event row is written in the caller's transaction together with the change it reports,
 * plus one pending delivery per enabled endpoint: if the change commits, the delivery exists; if it rolls
 * back, nothing is sent. The dispatcher picks deliveries up from there.
 */

/** Schema-qualified table name; `environment` comes from a closed set, never from input. */
function table(environment: Environment, name: string): SQL {
  return sql.raw(`"${environment === 'live' ? 'live' : 'sandbox'}"."${name}"`);
}

/**
 * `INSERT … SELECT` of one pending delivery per enabled endpoint of the customer (optionally only some
 * endpoints), prefixed by `prefix` (a CTE writing the event itself, so an event costs one statement).
 */
async function insertDeliveries(
  tx: Tx,
  environment: Environment,
  target: { eventId: string; customerId: string; now: Date; onlyEndpointIds?: string[] },
  prefix: SQL = sql``,
): Promise<number> {
  const now = target.now.toISOString();
  const only = target.onlyEndpointIds;
  if (only && only.length === 0) return 0;
  const result = (await tx.execute(sql`
    ${prefix}
    INSERT INTO ${table(environment, 'webhook_deliveries')}
      (event_id, endpoint_id, customer_id, next_attempt_at, created_at)
    SELECT ${target.eventId}::text, e.id, e.customer_id, ${now}::timestamptz, ${now}::timestamptz
    FROM ${table(environment, 'webhook_endpoints')} e
    WHERE e.customer_id = ${target.customerId}::text AND e.enabled AND e.deleted_at IS NULL
      ${
        only
          ? sql`AND e.id IN (${sql.join(
              only.map((id) => sql`${id}::text`),
              sql`, `,
            )})`
          : sql``
      }
    RETURNING id`)) as unknown as { rows: unknown[] };
  return result.rows.length;
}

async function writeEvent(
  tx: Tx,
  environment: Environment,
  input: { customerId: string; type: WebhookEventType; data: Record<string, unknown>; now?: Date },
  onlyEndpointIds?: string[],
): Promise<{ eventId: string; deliveries: number }> {
  // The type is part of the public contract: refuse anything else even from an untyped caller.
  z.enum(WEBHOOK_EVENT_TYPES).parse(input.type);
  const now = input.now ?? new Date();
  // `msg_` ids follow the Standard Webhooks convention; receivers deduplicate on them.
  const eventId = randomId('msg');
  const payload: WebhookPayload = {
    id: eventId,
    type: input.type,
    createdAt: now.toISOString(),
    environment,
    data: input.data,
  };
  const writeEventRow = sql`
    WITH event AS (
      INSERT INTO ${table(environment, 'webhook_events')} (id, customer_id, type, payload, created_at)
      VALUES (${eventId}::text, ${input.customerId}::text, ${input.type}::text,
              ${JSON.stringify(payload)}::jsonb, ${now.toISOString()}::timestamptz)
    )`;
  const deliveries = await insertDeliveries(
    tx,
    environment,
    { eventId, customerId: input.customerId, now, onlyEndpointIds },
    writeEventRow,
  );
  return { eventId, deliveries };
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
    return {
      deliveries: await insertDeliveries(tx, environment, {
        eventId,
        customerId,
        now,
        onlyEndpointIds: only,
      }),
    };
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
