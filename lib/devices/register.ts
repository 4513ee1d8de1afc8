import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Customer, Environment } from '../db/schema';
import { customers, tablesFor } from '../db/schema';
import { encryptSecret, randomId, stableId } from '../crypto';
import { runPrepared, sqlPerEnvironment } from '../db/prepared';
import type { DiscoveredDevice, OemSession } from '../oem';
import { capabilitiesFor, isDeviceType } from '../oem';
import { outboxCtes } from '../webhooks';
import { admissionCounter } from './allowances';

export interface RegistrationInput {
  environment: Environment;
  customer: Pick<Customer, 'id' | 'globalCap' | 'oemCaps'>;
  appId: string;
  userId: string;
  journeyId: string;
  oem: string;
  authMethod: string;
  /** HMAC of the OEM account id: one credential per account. */
  accountRef: string;
  oemSession: OemSession;
  devices: DiscoveredDevice[];
  appSecret: string;
  now: Date;
}

/** Deterministic ids: a repeated journey for the same OEM devices lands on the same rows. */
export const endUserIdFor = (env: Environment, customerId: string, userId: string) =>
  stableId('eu', env, customerId, userId);
/** A new device's id: one per end user, so two users of one OEM account have devices of their own. */
export const deviceIdFor = (
  env: Environment,
  customerId: string,
  endUserId: string,
  oem: string,
  oemDeviceId: string,
) => stableId('dev', env, customerId, endUserId, oem, oemDeviceId);

/**
 * The ids a registration of `devices` answers when none of them is registered to the user under an
 * older id (devices keep the id they were registered with).
 */
export function plannedDeviceIds(
  input: Pick<RegistrationInput, 'environment' | 'userId' | 'oem' | 'devices'> & {
    customerId: string;
  },
): string[] {
  const env = input.environment;
  const endUserId = endUserIdFor(env, input.customerId, input.userId);
  return input.devices.map((d) =>
    deviceIdFor(env, input.customerId, endUserId, input.oem, d.oemDeviceId),
  );
}

/**
 * Registers a journey's devices in the caller's transaction: end user, encrypted credential and
 * devices, all idempotent upserts, plus one `device.connected` outbox event (with one pending delivery
 * per enabled endpoint) for each device that was not already connected to this user. Live devices
 * beyond a cap are still registered, flagged overage.
 *
 * Devices belong to one end user. When another of the customer's users connects the same OEM account,
 * they get devices of their own (with their own `device.connected`); nothing moves between users.
 *
 * One statement, whatever the number of devices (live allowances read the customer's caps under a
 * lock first). Returns the ids in the order of `input.devices`.
 */
export async function registerDevices(
  tx: Tx,
  input: RegistrationInput,
): Promise<{ deviceIds: string[]; credentialId: string }> {
  const env = input.environment;
  const customerId = input.customer.id;
  const endUserId = endUserIdFor(env, customerId, input.userId);
  const credentialId = stableId('cred', env, customerId, endUserId, input.oem, input.accountRef);
  const secret = encryptSecret(JSON.stringify(input.oemSession), input.appSecret, credentialId);
  // One row per OEM device (a repeated one takes its last name and model).
  const devices = [...new Map(input.devices.map((d) => [d.oemDeviceId, d])).values()];
  const overage = await overageFlags(tx, input, endUserId, devices);
  const rows = devices.map((device, ord) => {
    const type = isDeviceType(device.type) ? device.type : 'vehicle';
    return {
      ord,
      oem_device_id: device.oemDeviceId,
      // A new device's id; an existing row keeps its own (devices registered before ids were per
      // user included).
      new_id: deviceIdFor(env, customerId, endUserId, input.oem, device.oemDeviceId),
      type,
      name: device.name,
      model: device.model,
      capabilities: capabilitiesFor(type),
      overage: overage.get(device.oemDeviceId) ?? false,
      event_id: randomId('msg'),
    };
  });
  const now = input.now.toISOString();
  const registered = await runPrepared(tx, `register_devices_${env}`, registrationSql(env), [
    customerId,
    endUserId,
    input.userId,
    now,
    credentialId,
    input.appId,
    input.oem,
    input.authMethod,
    input.accountRef,
    secret,
    JSON.stringify(rows),
    input.journeyId,
  ]);
  const idOf = new Map(registered.map((r) => [String(r.oem_device_id), String(r.id)]));
  const deviceIds = input.devices.map((d) => {
    const id = idOf.get(d.oemDeviceId);
    if (!id) throw new Error('A registered device is missing from the registration');
    return id;
  });
  return { deviceIds, credentialId };
}

/**
 * The registration's one statement. `before` is each device as the statement found it (no row, or its
 * row's status): a device not already connected to this user gets its `device.connected`, written by
 * the outbox's CTEs (the event and one pending delivery per enabled endpoint of the customer).
 */
const registrationSql = sqlPerEnvironment(
  (s, env) => `WITH input AS (
  SELECT * FROM jsonb_to_recordset($11::text::jsonb) AS i(ord int, oem_device_id text, new_id text, type text,
    name text, model text, capabilities jsonb, overage boolean, event_id text)
), end_user AS (
  INSERT INTO ${s}.end_users (id, customer_id, user_id, created_at)
  VALUES ($2::text, $1::text, $3::text, $4::text::timestamptz)
  ON CONFLICT DO NOTHING
), credential AS (
  INSERT INTO ${s}.credentials (id, customer_id, end_user_id, app_id, oem, auth_method, account_ref,
    secret, status, created_at, updated_at)
  VALUES ($5::text, $1::text, $2::text, $6::text, $7::text, $8::text, $9::text, $10::text, 'active',
    $4::text::timestamptz, $4::text::timestamptz)
  ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, status = 'active',
    auth_method = excluded.auth_method, updated_at = excluded.updated_at
), before AS (
  SELECT i.*, d.status AS previous_status
  FROM input i LEFT JOIN ${s}.devices d ON d.customer_id = $1::text AND d.end_user_id = $2::text
    AND d.oem = $7::text AND d.oem_device_id = i.oem_device_id
), registered AS (
  INSERT INTO ${s}.devices AS d (id, customer_id, end_user_id, credential_id, app_id, type, oem,
    oem_device_id, name, model, capabilities, status, overage, connected_at, created_at, updated_at)
  SELECT i.new_id, $1::text, $2::text, $5::text, $6::text, i.type, $7::text, i.oem_device_id, i.name,
    i.model, i.capabilities, 'connected', i.overage, $4::text::timestamptz, $4::text::timestamptz,
    $4::text::timestamptz
  -- A fixed order: concurrent registrations of the same devices lock their rows in the same order.
  FROM input i ORDER BY i.oem_device_id
  ON CONFLICT (customer_id, end_user_id, oem, oem_device_id) DO UPDATE SET
    credential_id = excluded.credential_id, app_id = excluded.app_id, name = excluded.name,
    model = excluded.model, status = 'connected', disconnected_at = NULL,
    connected_at = CASE WHEN d.status = 'connected' THEN d.connected_at ELSE excluded.connected_at END,
    updated_at = excluded.updated_at
  RETURNING d.id, d.oem_device_id
), ${outboxCtes(env, {
    type: 'device.connected',
    from: `before b JOIN registered r ON r.oem_device_id = b.oem_device_id
  WHERE b.previous_status IS DISTINCT FROM 'connected' ORDER BY b.ord`,
    eventId: 'b.event_id',
    customerId: '$1::text',
    createdAt: '$4::text',
    data: `jsonb_build_object('deviceId', r.id, 'deviceType', b.type, 'oem', $7::text,
    'userId', $3::text, 'appId', $6::text, 'journeyId', $12::text)`,
  })}
SELECT id, oem_device_id FROM registered`,
);

/**
 * Allowances (live only): for each device new to this user, whether it is beyond the customer's global
 * cap or its OEM's cap, counting the devices already within allowance. In the order of `devices`.
 */
async function overageFlags(
  tx: Tx,
  input: RegistrationInput,
  endUserId: string,
  devices: DiscoveredDevice[],
): Promise<Map<string, boolean>> {
  const flags = new Map<string, boolean>();
  if (input.environment !== 'live' || devices.length === 0) return flags;
  const t = tablesFor('live');
  const existing = await tx
    .select({ oemDeviceId: t.devices.oemDeviceId })
    .from(t.devices)
    .where(
      and(
        eq(t.devices.customerId, input.customer.id),
        eq(t.devices.endUserId, endUserId),
        eq(t.devices.oem, input.oem),
        inArray(
          t.devices.oemDeviceId,
          devices.map((d) => d.oemDeviceId),
        ),
      ),
    );
  const known = new Set(existing.map((row) => row.oemDeviceId));
  const fresh = devices.filter((d) => !known.has(d.oemDeviceId));
  if (fresh.length === 0) return flags;
  // Lock the customer row so that concurrent registrations count one after the other: without it,
  // each would count the devices committed before it started and all could fill the last places.
  // The locked row also gives the caps as they are now, not as they were when the journey loaded.
  const [customer] = await tx
    .select({ globalCap: customers.globalCap, oemCaps: customers.oemCaps })
    .from(customers)
    .where(eq(customers.id, input.customer.id))
    .for('update');
  const caps = customer ?? input.customer;
  if (caps.globalCap == null && caps.oemCaps[input.oem] === undefined) return flags;
  const admitted = await tx
    .select({ oem: t.devices.oem, n: sql<number>`count(*)::int` })
    .from(t.devices)
    .where(and(eq(t.devices.customerId, input.customer.id), eq(t.devices.overage, false)))
    .groupBy(t.devices.oem);
  const isOver = admissionCounter(caps, admitted);
  for (const device of fresh) flags.set(device.oemDeviceId, isOver(input.oem));
  return flags;
}
