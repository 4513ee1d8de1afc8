import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCustomer, updateCustomer } from '../customers';
import type { DbHandle } from '../db/client';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import type { DiscoveredDevice } from '../oem';
import { findOem, sandboxAccountId, sandboxDevicesFor } from '../oem';
import {
  T0,
  TEST_CONFIG,
  createTestApp,
  depsAt,
  expectView,
  journeyToConsent,
  minutesAfter,
  steps,
} from '../journey/server/test-support';

const { giveConsent } = steps;
import { registerDevices } from './register';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

function devicesOf(oem: string, account: string, count: number): DiscoveredDevice[] {
  return sandboxDevicesFor(findOem(oem)!, sandboxAccountId(oem, account), count);
}

/** Registers devices as a consent would, with the customer's allowances as they are now. */
async function register(
  env: Environment,
  app: { customerId: string; appId: string },
  input: { userId: string; oem: string; account: string; devices: DiscoveredDevice[]; now?: Date },
) {
  const customer = await getCustomer(db(), app.customerId);
  if (!customer) throw new Error('no customer');
  return db().transaction((tx) =>
    registerDevices(tx, {
      environment: env,
      customer,
      appId: app.appId,
      userId: input.userId,
      journeyId: `jrn_${input.userId}_${input.oem}`,
      oem: input.oem,
      authMethod: 'password',
      accountRef: `${input.oem}:${input.account}`,
      oemSession: {
        accessToken: `at_${input.account}`,
        refreshToken: 'rt',
        accountId: input.account,
      },
      devices: input.devices,
      appSecret: TEST_CONFIG.appSecret,
      now: input.now ?? T0,
    }),
  );
}

async function rowsOf(env: Environment, customerId: string) {
  const t = tablesFor(env);
  return db()
    .select()
    .from(t.devices)
    .where(eq(t.devices.customerId, customerId))
    .orderBy(t.devices.createdAt, t.devices.id);
}

async function connectedEvents(env: Environment, customerId: string) {
  const t = tablesFor(env);
  return db()
    .select()
    .from(t.webhookEvents)
    .where(
      and(eq(t.webhookEvents.customerId, customerId), eq(t.webhookEvents.type, 'device.connected')),
    );
}

const overages = (rows: { overage: boolean }[]) => rows.filter((r) => r.overage).length;

describe('allowances in live', () => {
  it('with a global cap of 2, connecting 3 devices flags exactly one as overage, and still connects it', async () => {
    const app = await createTestApp(db(), { liveEnabled: true, globalCap: 2 });
    const devices = devicesOf('volta', 'acct-1', 3);
    const { deviceIds } = await register('live', app, {
      userId: 'u1',
      oem: 'volta',
      account: 'acct-1',
      devices,
    });
    expect(deviceIds).toHaveLength(3);

    const rows = await rowsOf('live', app.customerId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'connected')).toBe(true);
    expect(overages(rows)).toBe(1);
    // The device beyond the cap is the last one of the list.
    expect(rows.find((r) => r.overage)?.oemDeviceId).toBe(devices[2]!.oemDeviceId);
    expect(await connectedEvents('live', app.customerId)).toHaveLength(3);

    // Registering the same devices again changes no flag and counts nothing twice.
    await register('live', app, {
      userId: 'u1',
      oem: 'volta',
      account: 'acct-1',
      devices,
      now: minutesAfter(T0, 60),
    });
    expect(overages(await rowsOf('live', app.customerId))).toBe(1);
    expect(await connectedEvents('live', app.customerId)).toHaveLength(3);

    // Another user's device is beyond the cap too.
    await register('live', app, {
      userId: 'u2',
      oem: 'stellar',
      account: 'acct-2',
      devices: devicesOf('stellar', 'acct-2', 1),
    });
    expect(overages(await rowsOf('live', app.customerId))).toBe(2);
  });

  it('a per-OEM cap flags that OEM only, and the global cap counts every OEM', async () => {
    const app = await createTestApp(db(), {
      liveEnabled: true,
      globalCap: 3,
      oemCaps: { volta: 1 },
    });
    const volta = devicesOf('volta', 'v', 2);
    await register('live', app, { userId: 'u', oem: 'volta', account: 'v', devices: volta });
    let rows = await rowsOf('live', app.customerId);
    expect(rows).toHaveLength(2);
    // The second Volta device is beyond the Volta cap of 1.
    expect(rows.filter((r) => r.overage).map((r) => r.oemDeviceId)).toEqual([
      volta[1]!.oemDeviceId,
    ]);
    // Stellar has no cap of its own: 2 more fit in the global cap of 3 (1 volta within allowance).
    await register('live', app, {
      userId: 'u',
      oem: 'stellar',
      account: 's',
      devices: devicesOf('stellar', 's', 2),
    });
    rows = await rowsOf('live', app.customerId);
    expect(rows.filter((r) => r.oem === 'stellar').map((r) => r.overage)).toEqual([false, false]);
    // Now the global cap is reached.
    await register('live', app, {
      userId: 'u',
      oem: 'nimbus',
      account: 'n',
      devices: devicesOf('nimbus', 'n', 1),
    });
    rows = await rowsOf('live', app.customerId);
    expect(rows.filter((r) => r.oem === 'nimbus').map((r) => r.overage)).toEqual([true]);
    expect(overages(rows)).toBe(2);
  });

  it('lowering a cap later never deletes or disconnects a device', async () => {
    const app = await createTestApp(db(), { liveEnabled: true });
    const devices = devicesOf('volta', 'acct-low', 3);
    await register('live', app, { userId: 'u', oem: 'volta', account: 'acct-low', devices });
    expect(overages(await rowsOf('live', app.customerId))).toBe(0);

    await updateCustomer(db(), { customerId: app.customerId, globalCap: 1, oemCaps: { volta: 0 } });
    const rows = await rowsOf('live', app.customerId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'connected' && !r.overage)).toBe(true);

    // Reconnecting the same devices keeps them; only a new device is beyond the lowered cap.
    await register('live', app, {
      userId: 'u',
      oem: 'volta',
      account: 'acct-low',
      devices: devicesOf('volta', 'acct-low', 4),
      now: minutesAfter(T0, 30),
    });
    const after = await rowsOf('live', app.customerId);
    expect(after).toHaveLength(4);
    expect(after.every((r) => r.status === 'connected')).toBe(true);
    expect(after.map((r) => r.overage)).toEqual([false, false, false, true]);
  });

  it('two registrations at once cannot both fill the last places', async () => {
    const app = await createTestApp(db(), { liveEnabled: true, globalCap: 2 });
    const accounts = ['race-a', 'race-b', 'race-c', 'race-d', 'race-e', 'race-f'];
    await Promise.all(
      accounts.map((account) =>
        register('live', app, {
          userId: account,
          oem: 'volta',
          account,
          devices: devicesOf('volta', account, 2),
        }),
      ),
    );
    const rows = await rowsOf('live', app.customerId);
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => !r.overage)).toHaveLength(2);
  });
});

describe('sandbox', () => {
  it('is unlimited: no overage whatever the caps', async () => {
    const app = await createTestApp(db(), {
      liveEnabled: true,
      globalCap: 0,
      oemCaps: { volta: 0 },
    });
    await register('sandbox', app, {
      userId: 'u',
      oem: 'volta',
      account: 'sbx',
      devices: devicesOf('volta', 'sbx', 5),
    });
    // And through the journey, 25 devices at once.
    const deps = depsAt(db(), T0);
    const { token } = await journeyToConsent(deps, {
      appId: app.appId,
      userId: 'u-many',
      username: 'user_many',
    });
    expect(expectView(await giveConsent(deps, token), 'finished').outcome).toBe('success');
    const rows = await rowsOf('sandbox', app.customerId);
    expect(rows).toHaveLength(30);
    expect(overages(rows)).toBe(0);
    expect(await rowsOf('live', app.customerId)).toEqual([]);
  });
});

describe('raising a cap', () => {
  it('admits overage devices when a cap is raised', async () => {
    const app = await createTestApp(db(), { liveEnabled: true, globalCap: 1 });
    await register('live', app, {
      userId: 'u',
      oem: 'volta',
      account: 'acct-raise',
      devices: devicesOf('volta', 'acct-raise', 3),
    });
    expect(overages(await rowsOf('live', app.customerId))).toBe(2);
    await updateCustomer(db(), { customerId: app.customerId, globalCap: 2 });
    expect(overages(await rowsOf('live', app.customerId))).toBe(1);
    await updateCustomer(db(), { customerId: app.customerId, globalCap: null });
    expect(overages(await rowsOf('live', app.customerId))).toBe(0);
  });
});

describe('one OEM account, two end users', () => {
  it("connecting bob's OEM account as mallory gives mallory devices of her own and never moves bob's", async () => {
    const app = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const connect = async (userId: string) => {
      const { token } = await journeyToConsent(deps, {
        appId: app.appId,
        userId,
        username: 'user_good',
      });
      expect(expectView(await giveConsent(deps, token), 'finished').outcome).toBe('success');
    };
    const t = tablesFor('sandbox');
    const devicesOfUser = async (userId: string) =>
      db()
        .select({
          id: t.devices.id,
          oemDeviceId: t.devices.oemDeviceId,
          endUserId: t.devices.endUserId,
          credentialId: t.devices.credentialId,
          status: t.devices.status,
        })
        .from(t.devices)
        .innerJoin(t.endUsers, eq(t.endUsers.id, t.devices.endUserId))
        .where(and(eq(t.devices.customerId, app.customerId), eq(t.endUsers.userId, userId)))
        .orderBy(t.devices.oemDeviceId);

    await connect('bob');
    const bobsBefore = await devicesOfUser('bob');
    expect(bobsBefore).toHaveLength(2);

    await connect('mallory');
    // Bob's devices are exactly as they were: same rows, same user, same credential, connected.
    expect(await devicesOfUser('bob')).toEqual(bobsBefore);
    // Mallory has devices of her own for the same OEM devices, with their own ids.
    const mallorys = await devicesOfUser('mallory');
    expect(mallorys.map((d) => d.oemDeviceId)).toEqual(bobsBefore.map((d) => d.oemDeviceId));
    expect(mallorys.every((d) => d.status === 'connected')).toBe(true);
    const bobIds = new Set(bobsBefore.map((d) => d.id));
    expect(mallorys.some((d) => bobIds.has(d.id))).toBe(false);
    expect(await rowsOf('sandbox', app.customerId)).toHaveLength(4);

    // Each device's connection was reported to the customer, for its own user.
    const events = await connectedEvents('sandbox', app.customerId);
    const reported = events.map((e) => {
      const data = (e.payload as { data: { deviceId: string; userId: string } }).data;
      return `${data.userId}:${data.deviceId}`;
    });
    expect(reported.sort()).toEqual(
      [...bobsBefore.map((d) => `bob:${d.id}`), ...mallorys.map((d) => `mallory:${d.id}`)].sort(),
    );

    // Connecting again as bob changes nothing and reports nothing new.
    await connect('bob');
    expect(await devicesOfUser('bob')).toEqual(bobsBefore);
    expect(await connectedEvents('sandbox', app.customerId)).toHaveLength(4);
  });
});
