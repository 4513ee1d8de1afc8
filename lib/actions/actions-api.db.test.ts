import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEnvelope } from '../api/test-fixtures';
import type { DbHandle } from '../db/client';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import type { ConnectedDevice } from './test-support';
import { connectDevices, seedCustomerWithKeys, setDeviceFlags } from './test-support';
import type { ActionView } from './types';

const T0 = new Date('2026-05-04T18:00:00.000Z');
let now = T0;

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let keyA: string;
let liveKeyA: string;
let keyB: string;
let readOnlyKeyA: string;
let car: ConnectedDevice;
let car2: ConnectedDevice;
let liveCar: ConnectedDevice;
const devices: Record<string, ConnectedDevice> = {};

beforeAll(async () => {
  handle = await openTestDb();
  const db = handle.db;
  ({ sandboxKey: keyA, liveKey: liveKeyA } = await seedCustomerWithKeys(db, 'cus_a', {
    liveEnabled: true,
  }));
  ({ sandboxKey: keyB } = await seedCustomerWithKeys(db, 'cus_b'));
  ({ sandboxKey: readOnlyKeyA } = await seedCustomerWithKeys(db, 'cus_a', {
    permissions: ['devices:read'],
  }));
  const connect = (environment: Environment, customerId: string, oem: string, userId = 'alice') =>
    connectDevices(db, { environment, customerId, userId, oem, now: T0 });
  [car, car2] = (await connect('sandbox', 'cus_a', 'volta')) as [ConnectedDevice, ConnectedDevice];
  for (const oem of ['stellar', 'helios', 'nimbus', 'current']) {
    const [device] = await connect('sandbox', 'cus_a', oem);
    devices[device!.type] = device!;
  }
  [liveCar] = (await connect('live', 'cus_a', 'volta')) as [ConnectedDevice];
  devices.vehicle = car;
  app = createTestApp(db, { clock: () => now });
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

function post(path: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
const get = (path: string, key: string) => app.request(path, { headers: { 'x-api-key': key } });
const actionsOf = (d: { type: string; deviceId: string }) => `/api/${d.type}/${d.deviceId}/actions`;

async function expectError(res: Response, status: number, code: string, field?: string) {
  const body = await readEnvelope(res);
  expect({ status: res.status, code: body.error?.code, field: body.error?.field }).toEqual({
    status,
    code,
    field,
  });
}

async function countActions(environment: Environment = 'sandbox'): Promise<number> {
  const a = tablesFor(environment).actions;
  return (await handle.db.select({ id: a.id }).from(a)).length;
}

describe('POST /api/{deviceType}/{deviceId}/actions', () => {
  it('accepts an action (202 pending) and shows it by id and in the device list', async () => {
    const res = await post(actionsOf(car), keyA, {
      type: 'set_charge_limit',
      params: { percent: 80 },
    });
    expect(res.status).toBe(202);
    const action = (await readEnvelope(res)).data as ActionView;
    expect(action).toEqual({
      actionId: expect.stringMatching(/^act_/),
      deviceId: car.deviceId,
      deviceType: 'vehicle',
      type: 'set_charge_limit',
      params: { percent: 80 },
      status: 'pending',
      failureReason: null,
      scheduleId: null,
      createdAt: T0.toISOString(),
      completedAt: null,
    });
    const byId = await get(`/api/actions/${action.actionId}`, keyA);
    expect(byId.status).toBe(200);
    expect((await readEnvelope(byId)).data).toEqual(action);
    const list = await get(`${actionsOf(car)}?limit=5`, keyA);
    expect(((await readEnvelope(list)).data as { actions: ActionView[] }).actions[0]).toEqual(
      action,
    );
  });

  /** Every action type of the capability table at the edges of its parameters. */
  const EDGES: Array<[string, string, Record<string, unknown>, number, string?]> = [
    ['vehicle', 'start_charging', {}, 202],
    ['vehicle', 'stop_charging', {}, 202],
    ['vehicle', 'set_charge_limit', { percent: 50 }, 202],
    ['vehicle', 'set_charge_limit', { percent: 100 }, 202],
    ['vehicle', 'set_charge_limit', { percent: 49 }, 400, 'params.percent'],
    ['vehicle', 'set_charge_limit', { percent: 101 }, 400, 'params.percent'],
    ['vehicle', 'set_charge_limit', { percent: 80.5 }, 400, 'params.percent'],
    ['vehicle', 'set_charge_limit', {}, 400, 'params.percent'],
    ['battery', 'set_mode', { mode: 'backup' }, 202],
    ['battery', 'set_mode', { mode: 'turbo' }, 400, 'params.mode'],
    ['battery', 'set_reserve', { percent: 0 }, 202],
    ['battery', 'set_reserve', { percent: 100 }, 202],
    ['battery', 'set_reserve', { percent: -1 }, 400, 'params.percent'],
    ['battery', 'set_reserve', { percent: 101 }, 400, 'params.percent'],
    ['solar_inverter', 'set_export_limit', { watts: 0 }, 202],
    ['solar_inverter', 'set_export_limit', { watts: 12000 }, 202],
    ['solar_inverter', 'set_export_limit', { watts: -1 }, 400, 'params.watts'],
    ['solar_inverter', 'set_export_limit', { watts: '500' }, 400, 'params.watts'],
    ['hvac', 'set_temperature', { celsius: 10 }, 202],
    ['hvac', 'set_temperature', { celsius: 30 }, 202],
    ['hvac', 'set_temperature', { celsius: 21.5 }, 202],
    ['hvac', 'set_temperature', { celsius: 9.9 }, 400, 'params.celsius'],
    ['hvac', 'set_temperature', { celsius: 30.1 }, 400, 'params.celsius'],
    ['hvac', 'set_mode', { mode: 'off' }, 202],
    ['hvac', 'set_mode', { mode: 'backup' }, 400, 'params.mode'],
    ['ev_charger', 'start_charging', {}, 202],
    ['ev_charger', 'stop_charging', {}, 202],
    ['ev_charger', 'set_current_limit', { amps: 6 }, 202],
    ['ev_charger', 'set_current_limit', { amps: 32 }, 202],
    ['ev_charger', 'set_current_limit', { amps: 5 }, 400, 'params.amps'],
    ['ev_charger', 'set_current_limit', { amps: 33 }, 400, 'params.amps'],
    ['ev_charger', 'set_current_limit', { amps: 16, volts: 230 }, 400, 'params.volts'],
  ];

  it.each(EDGES)('%s %s %j → %i', async (deviceType, type, params, status, field) => {
    const device = devices[deviceType];
    expect(device).toBeDefined();
    const res = await post(actionsOf(device!), keyA, { type, params });
    if (status === 202) expect(res.status).toBe(202);
    else await expectError(res, status, 'VALIDATION_ERROR', field);
  });

  it('refuses a type the device does not declare, and malformed bodies, naming the field', async () => {
    await expectError(
      await post(actionsOf(car), keyA, { type: 'set_mode', params: { mode: 'heat' } }),
      400,
      'CAPABILITY_NOT_SUPPORTED',
      'type',
    );
    await expectError(
      await post(actionsOf(car), keyA, { params: {} }),
      400,
      'VALIDATION_ERROR',
      'type',
    );
    await expectError(
      await post(actionsOf(car), keyA, { type: 'stop_charging', force: true }),
      400,
      'VALIDATION_ERROR',
      'force',
    );
    await expectError(
      await post(actionsOf(car), keyA, { type: 'stop_charging', params: [] }),
      400,
      'VALIDATION_ERROR',
      'params',
    );
  });

  it('answers 409 DEVICE_DISCONNECTED and 403 ALLOWANCE_EXCEEDED, creating nothing', async () => {
    const before = await countActions();
    await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { status: 'disconnected' });
    await expectError(
      await post(actionsOf(car2), keyA, { type: 'stop_charging' }),
      409,
      'DEVICE_DISCONNECTED',
    );
    await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, {
      status: 'connected',
      overage: true,
    });
    await expectError(
      await post(actionsOf(car2), keyA, { type: 'stop_charging' }),
      403,
      'ALLOWANCE_EXCEEDED',
    );
    await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { overage: false });
    expect(await countActions()).toBe(before);
  });

  it('needs devices:write to post; devices:read still reads', async () => {
    await expectError(
      await post(actionsOf(car), readOnlyKeyA, { type: 'stop_charging' }),
      403,
      'INSUFFICIENT_PERMISSIONS',
    );
    expect((await get(actionsOf(car), readOnlyKeyA)).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  const body = { type: 'set_charge_limit', params: { percent: 90 } };

  it('same key and request: the same action; another request: 409; new after 24 h', async () => {
    const first = await post(actionsOf(car), keyA, body, { 'idempotency-key': 'order-1' });
    const action = (await readEnvelope(first)).data as ActionView;
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post(actionsOf(car), keyA, body, { 'Idempotency-Key': 'order-1' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await readEnvelope(again)).data as ActionView).actionId).toBe(action.actionId);

    await expectError(
      await post(
        actionsOf(car),
        keyA,
        { ...body, params: { percent: 91 } },
        {
          'idempotency-key': 'order-1',
        },
      ),
      409,
      'IDEMPOTENCY_CONFLICT',
    );
    await expectError(
      await post(actionsOf(car2), keyA, body, { 'idempotency-key': 'order-1' }),
      409,
      'IDEMPOTENCY_CONFLICT',
    );

    now = new Date(T0.getTime() + 24 * 3_600_000 + 1000);
    try {
      const later = await post(actionsOf(car), keyA, body, { 'idempotency-key': 'order-1' });
      expect(later.status).toBe(202);
      expect(((await readEnvelope(later)).data as ActionView).actionId).not.toBe(action.actionId);
    } finally {
      now = T0;
    }
  });

  it('is scoped to the customer and the environment', async () => {
    const a = await post(actionsOf(car), keyA, body, { 'idempotency-key': 'shared-key' });
    const [carB] = await connectDevices(handle.db, {
      environment: 'sandbox',
      customerId: 'cus_b',
      userId: 'bob',
      oem: 'volta',
      now: T0,
    });
    const b = await post(actionsOf(carB!), keyB, body, { 'idempotency-key': 'shared-key' });
    const live = await post(actionsOf(liveCar), liveKeyA, body, {
      'idempotency-key': 'shared-key',
    });
    const ids = await Promise.all(
      [a, b, live].map(async (r) => {
        expect(r.status).toBe(202);
        return ((await readEnvelope(r)).data as ActionView).actionId;
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('concurrent duplicates create one action', async () => {
    const before = await countActions();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(actionsOf(car), keyA, body, { 'idempotency-key': 'burst-1' }),
      ),
    );
    const ids = await Promise.all(
      responses.map(async (r) => {
        expect(r.status).toBe(202);
        return ((await readEnvelope(r)).data as ActionView).actionId;
      }),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await countActions()).toBe(before + 1);
  });

  it('refuses a malformed key', async () => {
    await expectError(
      await post(actionsOf(car), keyA, body, { 'idempotency-key': 'x'.repeat(256) }),
      400,
      'VALIDATION_ERROR',
      'idempotency-key',
    );
  });
});

describe('isolation', () => {
  let actionA: ActionView;
  beforeAll(async () => {
    const res = await post(actionsOf(car), keyA, { type: 'stop_charging' });
    actionA = (await readEnvelope(res)).data as ActionView;
  });

  it("another customer's key: 404 for the device and for the action", async () => {
    await expectError(
      await post(actionsOf(car), keyB, { type: 'stop_charging' }),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectError(await get(actionsOf(car), keyB), 404, 'DEVICE_NOT_FOUND');
    await expectError(await get(`/api/actions/${actionA.actionId}`, keyB), 404, 'ACTION_NOT_FOUND');
  });

  it('sandbox and live never see each other', async () => {
    await expectError(
      await get(`/api/actions/${actionA.actionId}`, liveKeyA),
      404,
      'ACTION_NOT_FOUND',
    );
    await expectError(
      await post(actionsOf(liveCar), keyA, { type: 'stop_charging' }),
      404,
      'DEVICE_NOT_FOUND',
    );
    const live = await post(actionsOf(liveCar), liveKeyA, { type: 'stop_charging' });
    expect(live.status).toBe(202);
    const liveAction = (await readEnvelope(live)).data as ActionView;
    await expectError(
      await get(`/api/actions/${liveAction.actionId}`, keyA),
      404,
      'ACTION_NOT_FOUND',
    );
    const a = tablesFor('live').actions;
    const [row] = await handle.db.select().from(a).where(eq(a.id, liveAction.actionId));
    expect(row?.customerId).toBe('cus_a');
  });

  it('a device of another type, an unknown type or id is not found', async () => {
    await expectError(
      await post(`/api/battery/${car.deviceId}/actions`, keyA, {
        type: 'set_mode',
        params: { mode: 'backup' },
      }),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectError(
      await post(`/api/toaster/${car.deviceId}/actions`, keyA, { type: 'x' }),
      404,
      'NOT_FOUND',
    );
    await expectError(
      await post(`/api/vehicle/${'x'.repeat(200)}/actions`, keyA, { type: 'stop_charging' }),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectError(await get('/api/actions/act_nope', keyA), 404, 'ACTION_NOT_FOUND');
  });
});

describe('OpenAPI', () => {
  it('documents every action and schedule operation with an operationId', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { operationId?: string; responses: Record<string, unknown> }>
      >;
    };
    const operations = {
      '/api/{deviceType}/{deviceId}/actions': { post: 'createAction', get: 'listDeviceActions' },
      '/api/actions/{actionId}': { get: 'getAction' },
      '/api/{deviceType}/{deviceId}/schedules': { post: 'createSchedule', get: 'listSchedules' },
      '/api/{deviceType}/{deviceId}/schedules/{scheduleId}': { delete: 'deleteSchedule' },
    };
    for (const [path, methods] of Object.entries(operations)) {
      for (const [method, operationId] of Object.entries(methods)) {
        expect(doc.paths[path]?.[method]?.operationId).toBe(operationId);
      }
    }
    expect(Object.keys(doc.paths['/api/{deviceType}/{deviceId}/actions']!.post!.responses)).toEqual(
      expect.arrayContaining(['202', '400', '403', '404', '409']),
    );
  });
});
