import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEnvelope } from '../api/test-fixtures';
import type { DbHandle } from '../db/client';
import type { Environment } from '../db/schema';
import { sandboxOemCommands, tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { createOemAdapterRegistry, sandboxCompletionDelayMs, simulateDeviceState } from '../oem';
import { createDbCommandLog } from '../oem/sandbox-command-store';
import { claimDueActions, settleAction } from './queue';
import type { ConnectedDevice } from './test-support';
import {
  TEST_CONFIG,
  connectDevices,
  outcomeEvents,
  seedCustomerWithKeys,
  setDeviceFlags,
  startManualWorker,
} from './test-support';
import type { ActionView } from './types';
import type { ActionWorker } from './worker';

/** Every clock here is injected: the worker, the API and the sandbox OEM read `now`. */
const T0 = new Date('2026-05-04T18:00:00.000Z');
let now = T0;
const at = (ms: number) => new Date(T0.getTime() + ms);

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let worker: ActionWorker;
let key: string;
let liveKey: string;
let car: ConnectedDevice;
let car2: ConnectedDevice;
let flakyCar: ConnectedDevice;
let liveCar: ConnectedDevice;

const newWorker = () => startManualWorker(handle.db, () => now);

beforeAll(async () => {
  handle = await openTestDb();
  const db = handle.db;
  ({ sandboxKey: key, liveKey } = await seedCustomerWithKeys(db, 'cus_w', { liveEnabled: true }));
  const connect = (environment: Environment, username: string) =>
    connectDevices(db, {
      environment,
      customerId: 'cus_w',
      userId: username,
      oem: 'volta',
      username,
      now: T0,
    });
  [car, car2] = (await connect('sandbox', 'user_good')) as [ConnectedDevice, ConnectedDevice];
  [flakyCar] = (await connect('sandbox', 'user_flaky')) as [ConnectedDevice];
  [liveCar] = (await connect('live', 'user_good')) as [ConnectedDevice];
  app = createTestApp(db, { clock: () => now });
  worker = newWorker();
});
afterAll(async () => {
  await worker?.stop();
  await flushKeyUsage();
  await handle?.close();
});

async function postAction(
  device: ConnectedDevice,
  body: unknown,
  apiKey = key,
): Promise<ActionView> {
  const res = await app.request(`/api/${device.type}/${device.deviceId}/actions`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return (await readEnvelope(res)).data as ActionView;
}

async function getAction(id: string, apiKey = key): Promise<ActionView> {
  const res = await app.request(`/api/actions/${id}`, { headers: { 'x-api-key': apiKey } });
  return (await readEnvelope(res)).data as ActionView;
}

async function oemCommand(actionId: string) {
  const rows = await handle.db
    .select()
    .from(sandboxOemCommands)
    .where(eq(sandboxOemCommands.key, actionId));
  return rows;
}

describe('action worker', () => {
  it('sends the action to the OEM, waits the simulated 1–3 s, settles it with a signed-webhook event and changes the state', async () => {
    now = T0;
    const action = await postAction(car, { type: 'stop_charging' });
    const delay = sandboxCompletionDelayMs(action.actionId);

    expect(await worker.tick()).toEqual({ schedules: 0, actions: 1 });
    expect((await getAction(action.actionId)).status).toBe('pending');
    expect(await oemCommand(action.actionId)).toMatchObject([
      { sequence: 1, calls: 1, firstSeenAt: T0 },
    ]);

    // Nothing is due before the OEM said it would be done.
    now = at(delay - 1);
    expect((await worker.tick()).actions).toBe(0);
    now = at(delay + 10);
    expect((await worker.tick()).actions).toBe(1);

    const settled = await getAction(action.actionId);
    expect(settled).toMatchObject({
      status: 'succeeded',
      failureReason: null,
      completedAt: now.toISOString(),
    });
    const events = (await outcomeEvents(handle.db, 'sandbox')).filter(
      (e) => (e.data as { actionId?: string }).actionId === action.actionId,
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'action.succeeded',
        environment: 'sandbox',
        data: {
          actionId: action.actionId,
          deviceId: car.deviceId,
          type: 'stop_charging',
          params: {},
        },
      }),
    ]);

    // The device reads as told (at 18:00 a sandbox vehicle is charging) until the period ends at 22:00.
    const read = async (instant: Date) => {
      const res = await app.request(`/api/vehicle/${car.deviceId}?at=${instant.toISOString()}`, {
        headers: { 'x-api-key': key },
      });
      return ((await readEnvelope(res)).data as { state: Record<string, unknown> }).state;
    };
    const simulated = (instant: Date) =>
      simulateDeviceState({ type: 'vehicle', oemDeviceId: car.oemDeviceId }, instant);
    expect(simulated(now).charging).toBe(true);
    expect(await read(now)).toMatchObject({ charging: false, chargingState: 'stopped', powerW: 0 });
    const night = new Date('2026-05-04T22:00:00Z');
    expect(await read(night)).toEqual(simulated(night));
    // Nothing more to do.
    now = at(60_000);
    expect(await worker.tick()).toEqual({ schedules: 0, actions: 0 });
  });

  it('user_flaky: every other action fails with OEM_REJECTED, reported by action.failed', async () => {
    now = T0;
    const first = await postAction(flakyCar, { type: 'set_charge_limit', params: { percent: 60 } });
    await worker.tick();
    const second = await postAction(flakyCar, {
      type: 'set_charge_limit',
      params: { percent: 70 },
    });
    await worker.tick();
    now = at(3100);
    await worker.tick();
    expect(await getAction(first.actionId)).toMatchObject({ status: 'succeeded' });
    expect(await getAction(second.actionId)).toMatchObject({
      status: 'failed',
      failureReason: 'OEM_REJECTED',
    });
    const failed = (await outcomeEvents(handle.db, 'sandbox')).find(
      (e) => (e.data as { actionId?: string }).actionId === second.actionId,
    );
    expect(failed).toMatchObject({
      type: 'action.failed',
      data: {
        actionId: second.actionId,
        deviceId: flakyCar.deviceId,
        type: 'set_charge_limit',
        params: { percent: 70 },
        failureReason: 'OEM_REJECTED',
      },
    });
  });

  it('fails with OEM_TIMEOUT 60 s after acceptance when the OEM never answers (live: no integration)', async () => {
    now = T0;
    const action = await postAction(liveCar, { type: 'start_charging' }, liveKey);
    await worker.tick(); // OEM_UNAVAILABLE: tried again after a pause
    expect((await getAction(action.actionId, liveKey)).status).toBe('pending');
    now = at(59_999);
    await worker.tick();
    expect((await getAction(action.actionId, liveKey)).status).toBe('pending');
    now = at(60_000);
    await worker.tick();
    expect(await getAction(action.actionId, liveKey)).toMatchObject({
      status: 'failed',
      failureReason: 'OEM_TIMEOUT',
    });
    const events = (await outcomeEvents(handle.db, 'live')).filter(
      (e) => (e.data as { actionId?: string }).actionId === action.actionId,
    );
    expect(
      events.map((e) => [e.type, (e.data as { failureReason?: string }).failureReason]),
    ).toEqual([['action.failed', 'OEM_TIMEOUT']]);
  });

  it('an action no worker took within 60 s fails with OEM_TIMEOUT without reaching the OEM', async () => {
    now = T0;
    const action = await postAction(car2, { type: 'start_charging' });
    now = at(61_000);
    await worker.tick();
    expect(await getAction(action.actionId)).toMatchObject({
      status: 'failed',
      failureReason: 'OEM_TIMEOUT',
    });
    expect(await oemCommand(action.actionId)).toEqual([]);
  });

  it('a device disconnected after acceptance: DEVICE_DISCONNECTED', async () => {
    now = T0;
    const action = await postAction(car2, { type: 'start_charging' });
    await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { status: 'disconnected' });
    try {
      await worker.tick();
      expect(await getAction(action.actionId)).toMatchObject({
        status: 'failed',
        failureReason: 'DEVICE_DISCONNECTED',
      });
    } finally {
      await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { status: 'connected' });
    }
  });

  it('a crash between the OEM call and the commit neither loses nor doubles the action', async () => {
    now = T0;
    const action = await postAction(car2, { type: 'set_charge_limit', params: { percent: 85 } });
    const delay = sandboxCompletionDelayMs(action.actionId);
    const adapters = createOemAdapterRegistry(createDbCommandLog(handle.db));
    const sendOnce = async (instant: Date) => {
      const [claim] = await claimDueActions(handle.db, 'sandbox', {
        now: instant,
        leaseMs: 15_000,
        limit: 10,
      });
      if (!claim) throw new Error('nothing claimed');
      const session = JSON.parse(
        (await import('../crypto')).decryptSecret(
          claim.sealedSession,
          TEST_CONFIG.appSecret,
          claim.credentialId,
        ),
      );
      const result = await adapters('volta', 'sandbox')!.executeAction({
        session,
        oemDeviceId: claim.oemDeviceId,
        action: { type: claim.type, params: claim.params },
        idempotencyKey: claim.actionId,
        now: instant,
      });
      return { claim, result };
    };
    // A worker sends the command, gets the outcome after the OEM finished … and dies before committing.
    await sendOnce(T0);
    const crashed = await sendOnce(at(delay + 15_000));
    expect(crashed.result.status).toBe('succeeded');
    expect((await getAction(action.actionId)).status).toBe('pending');

    // Another worker takes it over once the lease ran out: the OEM knows the key, nothing is sent twice.
    now = at(delay + 30_001);
    const successor = newWorker();
    expect((await successor.tick()).actions).toBe(1);
    await successor.stop();
    expect(await getAction(action.actionId)).toMatchObject({ status: 'succeeded' });
    expect(await oemCommand(action.actionId)).toMatchObject([
      { sequence: expect.any(Number), calls: 3 },
    ]);

    // The crashed worker, back from the dead, cannot settle it a second time.
    expect(
      await settleAction(handle.db, crashed.claim, { status: 'succeeded', completedAt: now }, now),
    ).toBe(false);
    const events = (await outcomeEvents(handle.db, 'sandbox')).filter(
      (e) => (e.data as { actionId?: string }).actionId === action.actionId,
    );
    expect(events).toHaveLength(1);
  });

  it('two workers draining the same queue settle every action exactly once', async () => {
    now = T0;
    const posted: ActionView[] = [];
    for (let i = 0; i < 12; i++)
      posted.push(await postAction(i % 2 ? car : car2, { type: 'stop_charging' }));
    const a = newWorker();
    const b = newWorker();
    await Promise.all([a.tick(), b.tick()]);
    now = at(3500);
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    await Promise.all([a.stop(), b.stop()]);
    const ids = new Set(posted.map((p) => p.actionId));
    const t = tablesFor('sandbox').actions;
    const rows = (await handle.db.select().from(t)).filter((r) => ids.has(r.id));
    expect(rows.map((r) => r.status)).toEqual(Array(12).fill('succeeded'));
    const events = (await outcomeEvents(handle.db, 'sandbox')).filter((e) =>
      ids.has((e.data as { actionId: string }).actionId),
    );
    expect(events).toHaveLength(12);
    for (const id of ids) expect(await oemCommand(id)).toHaveLength(1);
  });
});
