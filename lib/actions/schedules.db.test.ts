import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEnvelope } from '../api/test-fixtures';
import type { DbHandle } from '../db/client';
import { tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { MAX_SCHEDULES_PER_DEVICE } from './schedules';
import type { ConnectedDevice } from './test-support';
import {
  connectDevices,
  outcomeEvents,
  seedCustomerWithKeys,
  setDeviceFlags,
  startManualWorker,
} from './test-support';
import type { ScheduleView } from './types';

/** The worker and the API read this clock; tests move it to the instants around each occurrence. */
let now = new Date('2026-03-01T12:00:00.000Z');

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let key: string;
let keyB: string;
let readOnlyKey: string;
let car: ConnectedDevice;
let car2: ConnectedDevice;
let battery: ConnectedDevice;

const newWorker = () => startManualWorker(handle.db, () => now);

beforeAll(async () => {
  handle = await openTestDb();
  const db = handle.db;
  ({ sandboxKey: key } = await seedCustomerWithKeys(db, 'cus_s'));
  ({ sandboxKey: keyB } = await seedCustomerWithKeys(db, 'cus_t'));
  ({ sandboxKey: readOnlyKey } = await seedCustomerWithKeys(db, 'cus_s', {
    permissions: ['devices:read'],
  }));
  const connect = (oem: string) =>
    connectDevices(db, { environment: 'sandbox', customerId: 'cus_s', userId: 'u1', oem, now });
  [car, car2] = (await connect('volta')) as [ConnectedDevice, ConnectedDevice];
  [battery] = (await connect('stellar')) as [ConnectedDevice];
  app = createTestApp(db, { clock: () => now });
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

const schedulesOf = (d: ConnectedDevice) => `/api/${d.type}/${d.deviceId}/schedules`;

function request(method: string, path: string, apiKey: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createSchedule(device: ConnectedDevice, body: unknown): Promise<ScheduleView> {
  const res = await request('POST', schedulesOf(device), key, body);
  const envelope = await readEnvelope(res);
  expect(res.status, JSON.stringify(envelope.error)).toBe(201);
  return envelope.data as ScheduleView;
}

async function expectError(res: Response, status: number, code: string, field?: string) {
  const body = await readEnvelope(res);
  expect({ status: res.status, code: body.error?.code, field: body.error?.field }).toEqual({
    status,
    code,
    field,
  });
}

/** Actions a schedule created, as (occurrence, created) pairs. */
async function firings(scheduleId: string) {
  const a = tablesFor('sandbox').actions;
  const rows = await handle.db.select().from(a).where(eq(a.scheduleId, scheduleId));
  return rows
    .map((r) => ({
      occurrence: r.occurrenceAt!.toISOString(),
      lateMs: r.createdAt.getTime() - r.occurrenceAt!.getTime(),
      status: r.status,
      failureReason: r.failureReason,
    }))
    .sort((x, y) => x.occurrence.localeCompare(y.occurrence));
}

/** Runs a worker at `instant` (fired within 30 s of each occurrence below). */
async function tickAt(instant: string) {
  now = new Date(instant);
  const worker = newWorker();
  try {
    return await worker.tick();
  } finally {
    await worker.stop();
  }
}

describe('schedules API', () => {
  const body = {
    action: { type: 'set_charge_limit', params: { percent: 80 } },
    days: ['fri', 'mon'],
    time: '06:30',
    timezone: 'europe/amsterdam',
  };

  it('creates, lists and deletes a schedule', async () => {
    now = new Date('2026-03-01T12:00:00.000Z'); // a Sunday
    const schedule = await createSchedule(car2, body);
    expect(schedule).toEqual({
      scheduleId: expect.stringMatching(/^sch_/),
      deviceId: car2.deviceId,
      deviceType: 'vehicle',
      action: { type: 'set_charge_limit', params: { percent: 80 } },
      days: ['mon', 'fri'],
      time: '06:30',
      timezone: 'Europe/Amsterdam',
      nextOccurrenceAt: '2026-03-02T05:30:00.000Z',
      lastOccurrenceAt: null,
      createdAt: now.toISOString(),
    });
    const list = await request('GET', schedulesOf(car2), readOnlyKey);
    expect(((await readEnvelope(list)).data as { schedules: ScheduleView[] }).schedules).toEqual([
      schedule,
    ]);
    await expectError(
      await request('DELETE', `${schedulesOf(car2)}/${schedule.scheduleId}`, readOnlyKey),
      403,
      'INSUFFICIENT_PERMISSIONS',
    );
    await expectError(
      await request('DELETE', `${schedulesOf(car2)}/${schedule.scheduleId}`, keyB),
      404,
      'DEVICE_NOT_FOUND',
    );
    const deleted = await request('DELETE', `${schedulesOf(car2)}/${schedule.scheduleId}`, key);
    expect(deleted.status).toBe(200);
    expect((await readEnvelope(deleted)).data).toEqual({
      scheduleId: schedule.scheduleId,
      deleted: true,
    });
    await expectError(
      await request('DELETE', `${schedulesOf(car2)}/${schedule.scheduleId}`, key),
      404,
      'SCHEDULE_NOT_FOUND',
    );
  });

  it.each([
    [{ ...body, time: '24:00' }, 'VALIDATION_ERROR', 'time'],
    [{ ...body, time: '6:30' }, 'VALIDATION_ERROR', 'time'],
    [{ ...body, days: [] }, 'VALIDATION_ERROR', 'days'],
    [{ ...body, days: ['mon', 'mon'] }, 'VALIDATION_ERROR', 'days'],
    [{ ...body, days: ['monday'] }, 'VALIDATION_ERROR', 'days.0'],
    [{ ...body, timezone: '+01:00' }, 'VALIDATION_ERROR', 'timezone'],
    [{ ...body, timezone: 'Mars/Olympus_Mons' }, 'VALIDATION_ERROR', 'timezone'],
    [
      { ...body, action: { type: 'set_charge_limit', params: { percent: 30 } } },
      'VALIDATION_ERROR',
      'action.params.percent',
    ],
    [
      { ...body, action: { type: 'set_reserve', params: { percent: 30 } } },
      'CAPABILITY_NOT_SUPPORTED',
      'action.type',
    ],
    [{ ...body, repeat: 'weekly' }, 'VALIDATION_ERROR', 'repeat'],
  ])('refuses %j with %s naming %s', async (input, code, field) => {
    await expectError(await request('POST', schedulesOf(car2), key, input), 400, code, field);
  });

  it("refuses another customer's device, a read-only key and a 21st schedule", async () => {
    await expectError(
      await request('POST', schedulesOf(car2), keyB, body),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectError(await request('GET', schedulesOf(car2), keyB), 404, 'DEVICE_NOT_FOUND');
    await expectError(
      await request('POST', schedulesOf(car2), readOnlyKey, body),
      403,
      'INSUFFICIENT_PERMISSIONS',
    );
    const created: ScheduleView[] = [];
    for (let i = 0; i < MAX_SCHEDULES_PER_DEVICE; i++)
      created.push(
        await createSchedule(battery, {
          action: { type: 'set_reserve', params: { percent: i } },
          days: ['sat'],
          time: '12:00',
          timezone: 'UTC',
        }),
      );
    await expectError(
      await request('POST', schedulesOf(battery), key, {
        action: { type: 'set_reserve', params: { percent: 50 } },
        days: ['sat'],
        time: '12:00',
        timezone: 'UTC',
      }),
      400,
      'VALIDATION_ERROR',
      'device',
    );
    for (const s of created) {
      expect((await request('DELETE', `${schedulesOf(battery)}/${s.scheduleId}`, key)).status).toBe(
        200,
      );
    }
  });
});

describe('firing across daylight-saving changes (injected clock)', () => {
  it('Europe/Amsterdam, Sundays 02:30: spring gap and autumn repeat', async () => {
    now = new Date('2026-03-21T00:00:00.000Z');
    const { scheduleId } = await createSchedule(car, {
      action: { type: 'stop_charging' },
      days: ['sun'],
      time: '02:30',
      timezone: 'Europe/Amsterdam',
    });
    // Nothing before the time; then within 30 s of each occurrence, once however often it ticks.
    await tickAt('2026-03-22T01:29:59.000Z');
    expect(await firings(scheduleId)).toEqual([]);
    await tickAt('2026-03-22T01:30:30.000Z');
    await tickAt('2026-03-22T01:30:45.000Z');
    await tickAt('2026-03-29T01:30:10.000Z'); // 02:30 does not exist: 03:30 CEST
    await tickAt('2026-04-05T00:30:20.000Z'); // 02:30 CEST
    await tickAt('2026-10-25T00:30:05.000Z'); // first 02:30 (CEST)
    await tickAt('2026-10-25T01:30:05.000Z'); // second 02:30 (CET): no second firing
    await tickAt('2026-11-01T01:30:25.000Z'); // 02:30 CET
    const fired = await firings(scheduleId);
    expect(fired.map((f) => f.occurrence)).toEqual([
      '2026-03-22T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-04-05T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-11-01T01:30:00.000Z',
    ]);
    for (const f of fired) expect(f.lateMs).toBeLessThan(60_000);
  });

  it('America/New_York, every day 02:30 and 01:30: March and November changes', async () => {
    now = new Date('2026-03-07T00:00:00.000Z');
    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const spring = await createSchedule(car, {
      action: { type: 'start_charging' },
      days: everyDay,
      time: '02:30',
      timezone: 'America/New_York',
    });
    await tickAt('2026-03-07T07:30:05.000Z'); // 02:30 EST
    await tickAt('2026-03-08T07:30:05.000Z'); // 03:30 EDT (02:30 skipped by the change)
    await tickAt('2026-03-09T06:30:05.000Z'); // 02:30 EDT
    expect((await firings(spring.scheduleId)).map((f) => f.occurrence)).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    await request('DELETE', `${schedulesOf(car)}/${spring.scheduleId}`, key);

    now = new Date('2026-10-31T00:00:00.000Z');
    const autumn = await createSchedule(car, {
      action: { type: 'start_charging' },
      days: everyDay,
      time: '01:30',
      timezone: 'America/New_York',
    });
    await tickAt('2026-10-31T05:30:05.000Z'); // 01:30 EDT
    await tickAt('2026-11-01T05:30:05.000Z'); // first 01:30 (EDT)
    await tickAt('2026-11-01T06:30:05.000Z'); // second 01:30 (EST): no second firing
    await tickAt('2026-11-02T06:30:05.000Z'); // 01:30 EST
    expect((await firings(autumn.scheduleId)).map((f) => f.occurrence)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    await request('DELETE', `${schedulesOf(car)}/${autumn.scheduleId}`, key);
  });
});

describe('firing', () => {
  it('several workers at once fire an occurrence once', async () => {
    now = new Date('2026-06-01T00:00:00.000Z');
    const { scheduleId } = await createSchedule(car, {
      action: { type: 'stop_charging' },
      days: ['mon'],
      time: '09:00',
      timezone: 'UTC',
    });
    now = new Date('2026-06-01T09:00:10.000Z');
    const workers = [newWorker(), newWorker(), newWorker()];
    await Promise.all(workers.map((w) => w.tick()));
    await Promise.all(workers.map((w) => w.stop()));
    expect(await firings(scheduleId)).toHaveLength(1);
    await request('DELETE', `${schedulesOf(car)}/${scheduleId}`, key);
  });

  it('a firing for a disconnected device is a failed action with its webhook', async () => {
    now = new Date('2026-06-02T00:00:00.000Z');
    const { scheduleId } = await createSchedule(car2, {
      action: { type: 'start_charging' },
      days: ['tue'],
      time: '09:00',
      timezone: 'UTC',
    });
    await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { status: 'disconnected' });
    try {
      await tickAt('2026-06-02T09:00:05.000Z');
    } finally {
      await setDeviceFlags(handle.db, 'sandbox', car2.deviceId, { status: 'connected' });
    }
    expect(await firings(scheduleId)).toMatchObject([
      { status: 'failed', failureReason: 'DEVICE_DISCONNECTED' },
    ]);
    const a = tablesFor('sandbox').actions;
    const [action] = await handle.db.select().from(a).where(eq(a.scheduleId, scheduleId));
    const events = await outcomeEvents(handle.db, 'sandbox');
    expect(events.filter((e) => (e.data as { actionId: string }).actionId === action!.id)).toEqual([
      expect.objectContaining({
        type: 'action.failed',
        data: {
          actionId: action!.id,
          deviceId: car2.deviceId,
          type: 'start_charging',
          params: {},
          failureReason: 'DEVICE_DISCONNECTED',
        },
      }),
    ]);
    await request('DELETE', `${schedulesOf(car2)}/${scheduleId}`, key);
  });

  it('skips an occurrence missed by more than an hour and moves on', async () => {
    now = new Date('2026-06-03T00:00:00.000Z');
    const { scheduleId } = await createSchedule(car2, {
      action: { type: 'start_charging' },
      days: ['wed', 'thu'],
      time: '09:00',
      timezone: 'UTC',
    });
    await tickAt('2026-06-03T11:00:00.000Z');
    expect(await firings(scheduleId)).toEqual([]);
    const list = await request('GET', schedulesOf(car2), key);
    const { schedules } = (await readEnvelope(list)).data as { schedules: ScheduleView[] };
    expect(schedules.find((s) => s.scheduleId === scheduleId)).toMatchObject({
      nextOccurrenceAt: '2026-06-04T09:00:00.000Z',
      lastOccurrenceAt: null,
    });
  });
});
