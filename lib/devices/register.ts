import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Customer, Environment } from '../db/schema';
import { customers, tablesFor } from '../db/schema';
import { encryptSecret, stableId } from '../crypto';
import type { DiscoveredDevice, OemSession } from '../oem';
import { capabilitiesFor, isDeviceType } from '../oem';
import { enqueueEvent } from '../webhooks';
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
 * Registers a journey's devices in the caller's transaction: end user, encrypted credential and
 * devices, all idempotent upserts, plus one `device.connected` outbox row for each device that was
 * not already connected to this user. Live devices beyond a cap are still registered, flagged overage.
 *
 * Devices belong to one end user. When another of the customer's users connects the same OEM account,
 * they get devices of their own (with their own `device.connected`); nothing moves between users.
 */
export async function registerDevices(
  tx: Tx,
  input: RegistrationInput,
): Promise<{ deviceIds: string[]; credentialId: string }> {
  const env = input.environment;
  const t = tablesFor(env);
  const customerId = input.customer.id;
  const endUserId = endUserIdFor(env, customerId, input.userId);
  await tx
    .insert(t.endUsers)
    .values({ id: endUserId, customerId, userId: input.userId, createdAt: input.now })
    .onConflictDoNothing();

  const credentialId = stableId('cred', env, customerId, endUserId, input.oem, input.accountRef);
  const secret = encryptSecret(JSON.stringify(input.oemSession), input.appSecret, credentialId);
  await tx
    .insert(t.credentials)
    .values({
      id: credentialId,
      customerId,
      endUserId,
      appId: input.appId,
      oem: input.oem,
      authMethod: input.authMethod,
      accountRef: input.accountRef,
      secret,
      status: 'active',
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: t.credentials.id,
      set: { secret, status: 'active', authMethod: input.authMethod, updatedAt: input.now },
    });

  const oemDeviceIds = input.devices.map((d) => d.oemDeviceId);
  const existing = await tx
    .select({
      id: t.devices.id,
      oemDeviceId: t.devices.oemDeviceId,
      status: t.devices.status,
      overage: t.devices.overage,
    })
    .from(t.devices)
    .where(
      and(
        eq(t.devices.customerId, customerId),
        eq(t.devices.endUserId, endUserId),
        eq(t.devices.oem, input.oem),
        inArray(t.devices.oemDeviceId, oemDeviceIds),
      ),
    );
  const before = new Map(existing.map((row) => [row.oemDeviceId, row]));
  const newDevices = input.devices.filter((d) => !before.has(d.oemDeviceId));
  const overage = await overageFlags(tx, input, newDevices.length);

  const deviceIds: string[] = [];
  let newIndex = 0;
  for (const device of input.devices) {
    const previous = before.get(device.oemDeviceId);
    // An existing row keeps its id (devices registered before ids were per user included).
    const id =
      previous?.id ?? deviceIdFor(env, customerId, endUserId, input.oem, device.oemDeviceId);
    const type = isDeviceType(device.type) ? device.type : 'vehicle';
    await tx
      .insert(t.devices)
      .values({
        id,
        customerId,
        endUserId,
        credentialId,
        appId: input.appId,
        type,
        oem: input.oem,
        oemDeviceId: device.oemDeviceId,
        name: device.name,
        model: device.model,
        capabilities: capabilitiesFor(type) as unknown as Record<string, unknown>,
        status: 'connected',
        overage: previous ? previous.overage : (overage[newIndex++] ?? false),
        connectedAt: input.now,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoUpdate({
        target: [t.devices.customerId, t.devices.endUserId, t.devices.oem, t.devices.oemDeviceId],
        set: {
          credentialId,
          appId: input.appId,
          name: device.name,
          model: device.model,
          status: 'connected',
          disconnectedAt: null,
          connectedAt: sql`case when ${t.devices.status} = 'connected' then ${t.devices.connectedAt} else ${input.now} end`,
          updatedAt: input.now,
        },
      });
    deviceIds.push(id);
    if (!previous || previous.status !== 'connected') {
      await enqueueEvent(tx, env, {
        customerId,
        type: 'device.connected',
        now: input.now,
        data: {
          deviceId: id,
          deviceType: type,
          oem: input.oem,
          userId: input.userId,
          appId: input.appId,
          journeyId: input.journeyId,
        },
      });
    }
  }
  return { deviceIds, credentialId };
}

/**
 * Allowances (live only): for each new device, whether it is beyond the customer's global cap or
 * its OEM's cap, counting the devices already within allowance.
 */
async function overageFlags(tx: Tx, input: RegistrationInput, count: number): Promise<boolean[]> {
  const flags = Array.from({ length: count }, () => false);
  if (input.environment !== 'live' || count === 0) return flags;
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
  const t = tablesFor('live');
  const admitted = await tx
    .select({ oem: t.devices.oem, n: sql<number>`count(*)::int` })
    .from(t.devices)
    .where(and(eq(t.devices.customerId, input.customer.id), eq(t.devices.overage, false)))
    .groupBy(t.devices.oem);
  const isOver = admissionCounter(caps, admitted);
  return flags.map(() => isOver(input.oem));
}
