import { createHash } from 'node:crypto';
import { randomId } from '../crypto';
import type { Db, Tx } from '../db/client';
import type { Environment } from '../db/schema';
import type { DeviceAction, DeviceType } from '../oem';
import type { ActionDevice, NewAction } from './queries';
import {
  claimIdempotencyKey,
  findAction,
  findDeviceForActions,
  insertActionForReachableDevice,
} from './queries';
import type { ActionView } from './types';
import { ACTION_TIMEOUT_MS, ActionError, IDEMPOTENCY_KEY_TTL_MS } from './types';
import { validateAction } from './validate';
import { notifyActionWorker } from './wake';

export interface AcceptActionInput {
  environment: Environment;
  customerId: string;
  /** The device type of the request path: a device of another type is not found. */
  deviceType: DeviceType;
  deviceId: string;
  request: { type: string; params?: Record<string, unknown> };
  /** The request's Idempotency-Key header, if any. */
  idempotencyKey?: string;
  now: Date;
}

/** The device must exist for this customer, with this type; else DEVICE_NOT_FOUND (never a 403). */
export async function requireDevice(
  tx: Tx,
  environment: Environment,
  customerId: string,
  deviceType: DeviceType,
  deviceId: string,
): Promise<ActionDevice> {
  const device = await findDeviceForActions(tx, environment, customerId, deviceId);
  if (!device || device.type !== deviceType) {
    throw new ActionError(
      'DEVICE_NOT_FOUND',
      'No such device for this customer in this environment',
    );
  }
  return device;
}

/** A device must be within allowance and connected to be told anything. */
export function requireReachable(device: ActionDevice): void {
  if (device.overage) {
    throw new ActionError(
      'ALLOWANCE_EXCEEDED',
      'The device is beyond the customer’s allowance: raise the cap to use it',
    );
  }
  if (device.status !== 'connected') {
    throw new ActionError(
      'DEVICE_DISCONNECTED',
      'The device is disconnected: its user must reconnect it (see the device.disconnected webhook)',
    );
  }
}

/** What makes two requests "the same" for an Idempotency-Key: the device and the parsed body. */
function fingerprintOf(deviceId: string, action: DeviceAction): string {
  const params = Object.fromEntries(
    Object.entries(action.params).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash('sha256')
    .update(JSON.stringify([deviceId, action.type, params]))
    .digest('hex');
}

/**
 * Accepts an action: validated against the device's capabilities, then written for the worker to
 * carry out — one statement that checks the device as it inserts (the hot path), in a transaction
 * with the Idempotency-Key when there is one. The same key with the same request answers the action
 * it created (`replayed`), with another request IDEMPOTENCY_CONFLICT.
 */
export async function acceptAction(
  db: Db,
  input: AcceptActionInput,
): Promise<{ action: ActionView; replayed: boolean }> {
  const { environment, customerId, deviceType, deviceId, now } = input;
  const action = validateAction(deviceType, input.request);
  const row: NewAction = {
    id: randomId('act'),
    customerId,
    deviceId,
    type: action.type,
    params: action.params,
    createdAt: now,
    deadlineAt: new Date(now.getTime() + ACTION_TIMEOUT_MS),
  };
  const insert = async (tx: Tx) => {
    if (await insertActionForReachableDevice(tx, environment, deviceType, row)) return;
    // Not inserted: say why (each of these throws).
    requireReachable(await requireDevice(tx, environment, customerId, deviceType, deviceId));
    throw new Error('A reachable device refused an action');
  };
  const created = { action: pendingView(row, deviceType), replayed: false };

  if (input.idempotencyKey === undefined) {
    await insert(db);
    notifyActionWorker();
    return created;
  }
  const idempotencyKey = input.idempotencyKey;
  const result = await db.transaction(async (tx) => {
    const fingerprint = fingerprintOf(deviceId, action);
    const key = await claimIdempotencyKey(
      tx,
      environment,
      { customerId, key: idempotencyKey, fingerprint, actionId: row.id, now },
      new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
    );
    if (!key.claimed) {
      if (key.fingerprint !== fingerprint) {
        throw new ActionError(
          'IDEMPOTENCY_CONFLICT',
          'This Idempotency-Key was used with a different request',
        );
      }
      const existing = await findAction(tx, environment, customerId, key.actionId);
      if (!existing) throw new Error('An Idempotency-Key names a missing action');
      return { action: existing, replayed: true };
    }
    await insert(tx);
    return created;
  });
  if (!result.replayed) notifyActionWorker();
  return result;
}

function pendingView(row: NewAction, deviceType: DeviceType): ActionView {
  return {
    actionId: row.id,
    deviceId: row.deviceId,
    deviceType,
    type: row.type,
    params: row.params,
    status: 'pending',
    failureReason: null,
    scheduleId: null,
    createdAt: row.createdAt.toISOString(),
    completedAt: null,
  };
}
