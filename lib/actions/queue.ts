import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import type { Environment } from '../db/schema';
import { enqueueEvent, notifyDispatcher } from '../webhooks';
import type { ActionFailureReason } from './types';

/**
 * The action queue the worker drains, one named function per statement (as the webhook delivery
 * queue): claim due actions, settle one with its outcome webhook, or put one back for later.
 *
 * A claim counts the attempt and pushes `next_attempt_at` past a lease: the attempt number is the
 * claim's fencing token, so a worker whose lease ran out (it crashed, or hung) can no longer settle
 * an action another worker took over, and the lease's end is when a crashed worker's action is due
 * again.
 */

/** Schema-qualified table name; `environment` comes from a closed set, never from input. */
export function table(environment: Environment, name: string): SQL {
  return sql.raw(`"${environment === 'live' ? 'live' : 'sandbox'}"."${name}"`);
}

const claimedSchema = z.object({
  id: z.string(),
  attempts: z.coerce.number(),
  customer_id: z.string(),
  device_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  deadline_at: z.coerce.date(),
  oem: z.string(),
  oem_device_id: z.string(),
  device_status: z.string(),
  credential_id: z.string(),
  credential_secret: z.string(),
  credential_status: z.string(),
});

export interface ClaimedAction {
  environment: Environment;
  actionId: string;
  /** This claim's attempt number (1-based): its fencing token. */
  attempt: number;
  customerId: string;
  deviceId: string;
  type: string;
  params: Record<string, unknown>;
  deadlineAt: Date;
  oem: string;
  oemDeviceId: string;
  deviceConnected: boolean;
  credentialId: string;
  /** The OEM session, encrypted (lib/crypto) with the credential id as context. */
  sealedSession: string;
  credentialActive: boolean;
}

/** Claims up to `limit` due actions for `leaseMs`, with what executing them needs. */
export async function claimDueActions(
  db: Db,
  environment: Environment,
  opts: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedAction[]> {
  const A = table(environment, 'actions');
  const now = opts.now.toISOString();
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  const result = (await db.execute(sql`
    WITH due AS (
      SELECT id FROM ${A}
      WHERE status = 'pending' AND next_attempt_at <= ${now}::timestamptz
      ORDER BY next_attempt_at
      LIMIT ${opts.limit}::int
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${A} a
    SET attempts = a.attempts + 1, next_attempt_at = ${leaseUntil}::timestamptz
    FROM due, ${table(environment, 'devices')} d, ${table(environment, 'credentials')} c
    WHERE a.id = due.id AND d.id = a.device_id AND c.id = d.credential_id
    RETURNING a.id, a.attempts, a.customer_id, a.device_id, a.type, a.params, a.deadline_at,
      d.oem, d.oem_device_id, d.status AS device_status, c.id AS credential_id,
      c.secret AS credential_secret, c.status AS credential_status`)) as unknown as {
    rows: unknown[];
  };
  return z
    .array(claimedSchema)
    .parse(result.rows)
    .map((r) => ({
      environment,
      actionId: r.id,
      attempt: r.attempts,
      customerId: r.customer_id,
      deviceId: r.device_id,
      type: r.type,
      params: r.params,
      deadlineAt: r.deadline_at,
      oem: r.oem,
      oemDeviceId: r.oem_device_id,
      deviceConnected: r.device_status === 'connected',
      credentialId: r.credential_id,
      sealedSession: r.credential_secret,
      credentialActive: r.credential_status === 'active',
    }));
}

/** The outcome webhook of an action (`action.succeeded` / `action.failed`). */
export function outcomeEvent(
  action: { id: string; deviceId: string; type: string; params: Record<string, unknown> },
  failureReason?: ActionFailureReason,
) {
  const data = {
    actionId: action.id,
    deviceId: action.deviceId,
    type: action.type,
    params: action.params,
    ...(failureReason === undefined ? {} : { failureReason }),
  };
  return {
    type: failureReason === undefined ? 'action.succeeded' : 'action.failed',
    data,
  } as const;
}

export type ActionOutcome =
  | { status: 'succeeded'; completedAt: Date }
  | { status: 'failed'; reason: ActionFailureReason; detail?: string };

/**
 * Settles a claimed action: its status, its outcome webhook in the outbox and, for a success, the
 * device's applied actions — in one transaction, and only while the claim still holds the action.
 * Returns false when another claim took it over (nothing is written then).
 */
export async function settleAction(
  db: Db,
  claim: ClaimedAction,
  outcome: ActionOutcome,
  now: Date,
): Promise<boolean> {
  const { environment: env } = claim;
  const failureReason = outcome.status === 'failed' ? outcome.reason : undefined;
  const settled = await db.transaction(async (tx: Tx) => {
    const updated = (await tx.execute(sql`
      UPDATE ${table(env, 'actions')}
      SET status = ${outcome.status}::text, failure_reason = ${failureReason ?? null}::text,
          completed_at = ${now.toISOString()}::timestamptz,
          last_error = ${outcome.status === 'failed' ? (outcome.detail ?? null) : null}::text
      WHERE id = ${claim.actionId}::text AND attempts = ${claim.attempt}::int AND status = 'pending'
      RETURNING id`)) as unknown as { rows: unknown[] };
    if (updated.rows.length === 0) return false;
    if (outcome.status === 'succeeded') {
      const applied = { params: claim.params, at: outcome.completedAt.toISOString() };
      await tx.execute(sql`
        UPDATE ${table(env, 'devices')}
        SET applied_actions = applied_actions || jsonb_build_object(${claim.type}::text, ${JSON.stringify(applied)}::jsonb)
        WHERE id = ${claim.deviceId}::text`);
    }
    const event = outcomeEvent(
      { id: claim.actionId, deviceId: claim.deviceId, type: claim.type, params: claim.params },
      failureReason,
    );
    await enqueueEvent(tx, env, { customerId: claim.customerId, now, ...event });
    return true;
  });
  if (settled) notifyDispatcher();
  return settled;
}

/** Puts a claimed action back, due at `at`; false when another claim took it over. */
export async function rescheduleAction(
  db: Db,
  claim: ClaimedAction,
  at: Date,
  lastError: string | null,
): Promise<boolean> {
  const result = (await db.execute(sql`
    UPDATE ${table(claim.environment, 'actions')}
    SET next_attempt_at = ${at.toISOString()}::timestamptz, last_error = ${lastError}::text
    WHERE id = ${claim.actionId}::text AND attempts = ${claim.attempt}::int AND status = 'pending'
    RETURNING id`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}
