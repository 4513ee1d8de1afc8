import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { ActionStatus, Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { DeviceType } from '../oem';
import { table } from './queue';
import type { ActionFailureReason, ActionView } from './types';

/** Named queries of actions outside the worker's queue: devices, idempotency keys, reads. */

export interface ActionDevice {
  id: string;
  type: DeviceType;
  status: 'connected' | 'disconnected';
  overage: boolean;
}

/** One device of the customer in the environment, as far as actions need it. */
export async function findDeviceForActions(
  db: Tx,
  environment: Environment,
  customerId: string,
  deviceId: string,
): Promise<ActionDevice | undefined> {
  const d = tablesFor(environment).devices;
  const [row] = await db
    .select({ id: d.id, type: d.type, status: d.status, overage: d.overage })
    .from(d)
    .where(and(eq(d.id, deviceId), eq(d.customerId, customerId)));
  return row as ActionDevice | undefined;
}

/**
 * Takes an Idempotency-Key for a new action, or finds who holds it. A key older than `expiredBefore`
 * is taken over. On PostgreSQL a concurrent request with the same key waits here until the first
 * one's transaction ends, then sees its row: two requests never both take a key.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  environment: Environment,
  input: { customerId: string; key: string; fingerprint: string; actionId: string; now: Date },
  expiredBefore: Date,
): Promise<{ claimed: true } | { claimed: false; fingerprint: string; actionId: string }> {
  const k = tablesFor(environment).actionIdempotencyKeys;
  const { now, ...key } = input;
  const taken = await tx
    .insert(k)
    .values({ ...key, createdAt: now })
    .onConflictDoUpdate({
      target: [k.customerId, k.key],
      set: { fingerprint: key.fingerprint, actionId: key.actionId, createdAt: now },
      setWhere: lt(k.createdAt, expiredBefore),
    })
    .returning({ actionId: k.actionId });
  if (taken.length > 0) return { claimed: true };
  const [holder] = await tx
    .select({ fingerprint: k.fingerprint, actionId: k.actionId })
    .from(k)
    .where(and(eq(k.customerId, input.customerId), eq(k.key, input.key)));
  if (!holder) throw new Error('Idempotency key vanished while it was being read');
  return { claimed: false, ...holder };
}

/** Forgets Idempotency-Keys older than `before` (the worker calls this now and then). */
export async function pruneIdempotencyKeys(
  db: Db,
  environment: Environment,
  before: Date,
): Promise<void> {
  const k = tablesFor(environment).actionIdempotencyKeys;
  await db.delete(k).where(lt(k.createdAt, before));
}

export interface NewAction {
  id: string;
  customerId: string;
  deviceId: string;
  type: string;
  params: Record<string, unknown>;
  createdAt: Date;
  deadlineAt: Date;
  /** Settled at creation (a schedule firing for a device that cannot take it). */
  failureReason?: ActionFailureReason;
  scheduleId?: string;
  occurrenceAt?: Date;
}

/**
 * Inserts an action; false when its schedule already fired for that occurrence. A failed action is
 * written settled; a pending one is due for the worker at once.
 */
export async function insertAction(
  tx: Tx,
  environment: Environment,
  action: NewAction,
): Promise<boolean> {
  const a = tablesFor(environment).actions;
  const failed = action.failureReason !== undefined;
  const rows = await tx
    .insert(a)
    .values({
      ...action,
      status: failed ? 'failed' : 'pending',
      failureReason: action.failureReason ?? null,
      completedAt: failed ? action.createdAt : null,
      nextAttemptAt: action.createdAt,
    })
    .onConflictDoNothing({ target: [a.scheduleId, a.occurrenceAt] })
    .returning({ id: a.id });
  return rows.length > 0;
}

/**
 * Inserts a pending action if its device is this customer's, of this type, connected and within
 * allowance — checked by the insert itself, so that accepting an action is one statement. False when
 * the device does not qualify (the caller finds out why).
 */
export async function insertActionForReachableDevice(
  tx: Tx,
  environment: Environment,
  deviceType: DeviceType,
  action: NewAction,
): Promise<boolean> {
  const created = action.createdAt.toISOString();
  const result = (await tx.execute(sql`
    INSERT INTO ${table(environment, 'actions')}
      (id, customer_id, device_id, type, params, created_at, deadline_at, next_attempt_at)
    SELECT ${action.id}::text, d.customer_id, d.id, ${action.type}::text,
           ${JSON.stringify(action.params)}::jsonb, ${created}::timestamptz,
           ${action.deadlineAt.toISOString()}::timestamptz, ${created}::timestamptz
    FROM ${table(environment, 'devices')} d
    WHERE d.id = ${action.deviceId}::text AND d.customer_id = ${action.customerId}::text
      AND d.type = ${deviceType}::text AND d.status = 'connected' AND NOT d.overage
    RETURNING id`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}

function viewColumns(environment: Environment) {
  const { actions: a, devices: d } = tablesFor(environment);
  return {
    actionId: a.id,
    deviceId: a.deviceId,
    deviceType: d.type,
    type: a.type,
    params: a.params,
    status: a.status,
    failureReason: a.failureReason,
    scheduleId: a.scheduleId,
    createdAt: a.createdAt,
    completedAt: a.completedAt,
  };
}

type ViewRow = {
  actionId: string;
  deviceId: string;
  deviceType: string;
  type: string;
  params: Record<string, unknown>;
  status: ActionStatus;
  failureReason: string | null;
  scheduleId: string | null;
  createdAt: Date;
  completedAt: Date | null;
};

function toView(row: ViewRow): ActionView {
  return {
    ...row,
    deviceType: row.deviceType as DeviceType,
    failureReason: row.failureReason as ActionFailureReason | null,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** One action of the customer in the environment. */
export async function findAction(
  db: Tx,
  environment: Environment,
  customerId: string,
  actionId: string,
): Promise<ActionView | undefined> {
  const { actions: a, devices: d } = tablesFor(environment);
  const [row] = await db
    .select(viewColumns(environment))
    .from(a)
    .innerJoin(d, eq(d.id, a.deviceId))
    .where(and(eq(a.id, actionId), eq(a.customerId, customerId)));
  return row ? toView(row) : undefined;
}

/** A device's most recent actions, newest first. */
export async function listDeviceActions(
  db: Db,
  environment: Environment,
  customerId: string,
  deviceId: string,
  limit: number,
): Promise<ActionView[]> {
  const { actions: a, devices: d } = tablesFor(environment);
  const rows = await db
    .select(viewColumns(environment))
    .from(a)
    .innerJoin(d, eq(d.id, a.deviceId))
    .where(and(eq(a.deviceId, deviceId), eq(a.customerId, customerId)))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(limit);
  return rows.map(toView);
}

/** Counts actions by status (operations, tests and the kill test). */
export async function countActions(
  db: Db,
  environment: Environment,
): Promise<Record<string, number>> {
  const a = tablesFor(environment).actions;
  const rows = await db
    .select({ status: a.status, n: sql<number>`count(*)::int` })
    .from(a)
    .groupBy(a.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
