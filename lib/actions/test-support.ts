import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { customers, tablesFor } from '../db/schema';
import { registerDevices } from '../devices/register';
import { createMemoryCommandLog, createSandboxAdapter, findOem } from '../oem';
import type { DeviceType } from '../oem';
import type { ApiPermission } from '../keys';
import { createApiKey } from '../keys';
import { TEST_CONFIG } from '../api/test-fixtures';
import { startActionWorker } from './worker';

/**
 * Test support for actions: customers with keys, and devices connected the way a journey connects
 * them — a real sandbox sign-in, its OEM session encrypted in the credential, registration in one
 * transaction — so that the worker can decrypt the session and the sandbox OEM knows the devices.
 */

export { TEST_CONFIG };

export async function seedCustomerWithKeys(
  db: Db,
  customerId: string,
  options: { liveEnabled?: boolean; permissions?: ApiPermission[] } = {},
): Promise<{ sandboxKey: string; liveKey: string }> {
  await db
    .insert(customers)
    .values({ id: customerId, name: `Customer ${customerId}`, liveEnabled: options.liveEnabled })
    .onConflictDoNothing();
  const now = new Date('2026-01-01T00:00:00Z');
  const create = (environment: Environment) =>
    createApiKey(db, { customerId, environment, permissions: options.permissions }, now);
  return { sandboxKey: (await create('sandbox')).key, liveKey: (await create('live')).key };
}

export interface ConnectedDevice {
  deviceId: string;
  type: DeviceType;
  oem: string;
  oemDeviceId: string;
  credentialId: string;
}

/** Signs `username` in at `oem` (sandbox simulator) and registers the account's devices. */
export async function connectDevices(
  db: Db,
  input: {
    environment: Environment;
    customerId: string;
    userId: string;
    oem: string;
    username?: string;
    now: Date;
    /** Encrypts the stored OEM session; workers that carry out the actions need the same. */
    appSecret?: string;
  },
): Promise<ConnectedDevice[]> {
  const oem = findOem(input.oem);
  if (!oem) throw new Error(`unknown OEM ${input.oem}`);
  const adapter = createSandboxAdapter(oem, createMemoryCommandLog());
  // An OEM without password sign-in (Helios) takes the sandbox API key.
  const username =
    input.username ?? (oem.authMethods.includes('password') ? 'user_good' : 'key_good');
  const auth = await adapter.authenticate(
    oem.authMethods.includes('password')
      ? { method: 'password', username, password: 'pass_good' }
      : { method: 'api_key', apiKey: username },
  );
  if (auth.kind !== 'success') throw new Error(`sandbox sign-in failed for ${username}`);
  const discovered = await adapter.listDevices(auth.session);
  const [customer] = await db.select().from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw new Error(`unknown customer ${input.customerId}`);
  const { deviceIds, credentialId } = await db.transaction((tx) =>
    registerDevices(tx, {
      environment: input.environment,
      customer,
      appId: 'app_actions_test',
      userId: input.userId,
      journeyId: `jrn_${input.userId}`,
      oem: oem.id,
      authMethod: 'password',
      accountRef: `${oem.id}:${username}`,
      oemSession: auth.session,
      devices: discovered,
      appSecret: input.appSecret ?? TEST_CONFIG.appSecret,
      now: input.now,
    }),
  );
  return deviceIds.map((deviceId, i) => ({
    deviceId,
    type: oem.deviceType,
    oem: oem.id,
    oemDeviceId: discovered[i]!.oemDeviceId,
    credentialId,
  }));
}

/** Sets a device's status or allowance flag directly, as disconnection or a lowered cap would. */
export async function setDeviceFlags(
  db: Db,
  environment: Environment,
  deviceId: string,
  flags: { status?: 'connected' | 'disconnected'; overage?: boolean },
): Promise<void> {
  const d = tablesFor(environment).devices;
  await db.update(d).set(flags).where(eq(d.id, deviceId));
}

/** The outcome webhook events written to the outbox, oldest first. */
export async function outcomeEvents(db: Db, environment: Environment) {
  const v = tablesFor(environment).webhookEvents;
  const rows = await db.select().from(v).orderBy(v.createdAt, v.id);
  return rows.filter((r) => r.type.startsWith('action.')).map((r) => r.payload);
}

/** A worker that works only when ticked, on the injected clock (several may share the queue). */
export function startManualWorker(db: Db, clock: () => Date) {
  return startActionWorker({ db, appSecret: TEST_CONFIG.appSecret, clock, manual: true });
}
