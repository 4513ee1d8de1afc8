import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { live, sandbox } from '../db/schema';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { capabilitiesFor, simulateDeviceState } from '../oem';
import type { SeededDevice } from './test-fixtures';
import {
  TEST_NOW,
  createTestApp,
  readEnvelope,
  seedCustomer,
  seedDevice,
  seedKey,
} from './test-fixtures';

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let keyA: string;
let liveKeyA: string;
let keyB: string;
let carA: SeededDevice;
let batteryA: SeededDevice;
let liveA: SeededDevice;
let carB: SeededDevice;

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_a', { liveEnabled: true });
  await seedCustomer(handle.db, 'cus_b');
  keyA = (await seedKey(handle.db, 'cus_a', 'sandbox')).key;
  liveKeyA = (await seedKey(handle.db, 'cus_a', 'live')).key;
  keyB = (await seedKey(handle.db, 'cus_b', 'sandbox')).key;
  carA = await seedDevice(handle.db, 'sandbox', 'cus_a', { userId: 'alice' });
  batteryA = await seedDevice(handle.db, 'sandbox', 'cus_a', {
    userId: 'bob',
    type: 'battery',
    oem: 'stellar',
  });
  liveA = await seedDevice(handle.db, 'live', 'cus_a', { userId: 'alice' });
  carB = await seedDevice(handle.db, 'sandbox', 'cus_b', { userId: 'alice' });
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

const get = (path: string, key: string) => app.request(path, { headers: { 'x-api-key': key } });

interface DeviceBody {
  id: string;
  type: string;
  userId: string;
  status: string;
  capabilities: unknown;
  state: Record<string, unknown> | null;
}

describe('GET /api/devices', () => {
  it("lists the customer's devices in the key's environment only", async () => {
    const res = await get('/api/devices', keyA);
    expect(res.status).toBe(200);
    const body = await readEnvelope(res);
    expect(body.success).toBe(true);
    const data = body.data as { devices: DeviceBody[]; limit: number; offset: number };
    expect(data.devices.map((d) => d.id).sort()).toEqual([carA.deviceId, batteryA.deviceId].sort());
    expect(data).toMatchObject({ limit: 100, offset: 0 });
    expect(data.devices.find((d) => d.id === carA.deviceId)).toEqual({
      id: carA.deviceId,
      type: 'vehicle',
      oem: 'volta',
      name: expect.any(String),
      model: 'Model T1',
      status: 'connected',
      userId: 'alice',
      connectedAt: '2026-01-02T00:00:00.000Z',
      disconnectedAt: null,
      overage: false,
    });

    const live = (await readEnvelope(await get('/api/devices', liveKeyA))).data as {
      devices: DeviceBody[];
    };
    expect(live.devices.map((d) => d.id)).toEqual([liveA.deviceId]);
    const other = (await readEnvelope(await get('/api/devices', keyB))).data as {
      devices: DeviceBody[];
    };
    expect(other.devices.map((d) => d.id)).toEqual([carB.deviceId]);
  });

  it('filters by userId and pages with limit and offset', async () => {
    const byUser = (await readEnvelope(await get('/api/devices?userId=bob', keyA))).data as {
      devices: DeviceBody[];
    };
    expect(byUser.devices.map((d) => d.id)).toEqual([batteryA.deviceId]);
    const none = (await readEnvelope(await get('/api/devices?userId=nobody', keyA))).data as {
      devices: DeviceBody[];
    };
    expect(none.devices).toEqual([]);
    const page1 = (await readEnvelope(await get('/api/devices?limit=1', keyA))).data as {
      devices: DeviceBody[];
    };
    const page2 = (await readEnvelope(await get('/api/devices?limit=1&offset=1', keyA))).data as {
      devices: DeviceBody[];
    };
    expect(page1.devices).toHaveLength(1);
    expect(page2.devices).toHaveLength(1);
    expect(page1.devices[0]?.id).not.toBe(page2.devices[0]?.id);
  });

  it('answers VALIDATION_ERROR naming the query parameter', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
      ['userId=', 'userId'],
      ['userId=a&userId=b', 'userId'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await get(`/api/devices?${query}`, keyA);
      expect(res.status, query).toBe(400);
      const body = await readEnvelope(res);
      expect(body.error).toMatchObject({ code: 'VALIDATION_ERROR', field });
      expect(body.error?.message).toContain(field);
    }
  });
});

describe('GET /api/{deviceType}/{deviceId}', () => {
  it('returns the device with its capabilities and simulated state at the injected clock', async () => {
    const res = await get(`/api/vehicle/${carA.deviceId}`, keyA);
    expect(res.status).toBe(200);
    const body = await readEnvelope(res);
    expect(body.meta.path).toBe(`/api/vehicle/${carA.deviceId}`);
    const device = body.data as DeviceBody;
    expect(device).toMatchObject({
      id: carA.deviceId,
      type: 'vehicle',
      userId: 'alice',
      status: 'connected',
    });
    expect(device.capabilities).toEqual(capabilitiesFor('vehicle'));
    expect(device.state).toEqual(
      simulateDeviceState({ type: 'vehicle', oemDeviceId: carA.oemDeviceId }, TEST_NOW),
    );
  });

  it('evaluates the simulation at ?at=ISO', async () => {
    for (const at of ['2026-06-01T12:30:00Z', '2026-06-01T03:00:00.000+02:00']) {
      const res = await get(`/api/battery/${batteryA.deviceId}?at=${encodeURIComponent(at)}`, keyA);
      expect(res.status).toBe(200);
      const device = (await readEnvelope(res)).data as DeviceBody;
      expect(device.state).toEqual(
        simulateDeviceState({ type: 'battery', oemDeviceId: batteryA.oemDeviceId }, new Date(at)),
      );
    }
    const noon = (
      await readEnvelope(
        await get(`/api/battery/${batteryA.deviceId}?at=2026-06-01T12:00:00Z`, keyA),
      )
    ).data as DeviceBody;
    const night = (
      await readEnvelope(
        await get(`/api/battery/${batteryA.deviceId}?at=2026-06-01T02:00:00Z`, keyA),
      )
    ).data as DeviceBody;
    expect(noon.state).not.toEqual(night.state);
  });

  it('rejects a bad ?at and ?at with a live key as VALIDATION_ERROR naming at', async () => {
    for (const [path, key] of [
      [`/api/vehicle/${carA.deviceId}?at=yesterday`, keyA],
      [`/api/vehicle/${carA.deviceId}?at=2026-13-01T00:00:00Z`, keyA],
      [`/api/vehicle/${liveA.deviceId}?at=2026-06-01T12:00:00Z`, liveKeyA],
    ] as const) {
      const res = await get(path, key);
      expect(res.status, path).toBe(400);
      expect((await readEnvelope(res)).error).toMatchObject({
        code: 'VALIDATION_ERROR',
        field: 'at',
      });
    }
  });

  it('returns live devices without a simulated state', async () => {
    const res = await get(`/api/vehicle/${liveA.deviceId}`, liveKeyA);
    expect(res.status).toBe(200);
    expect(((await readEnvelope(res)).data as DeviceBody).state).toBeNull();
  });

  it('answers ALLOWANCE_EXCEEDED for a live device registered beyond a cap', async () => {
    const over = await seedDevice(handle.db, 'live', 'cus_a', { userId: 'carol' });
    await handle.db
      .update(live.devices)
      .set({ overage: true })
      .where(eq(live.devices.id, over.deviceId));
    const res = await get(`/api/vehicle/${over.deviceId}`, liveKeyA);
    expect(res.status).toBe(403);
    expect((await readEnvelope(res)).error).toMatchObject({ code: 'ALLOWANCE_EXCEEDED' });
    // It is still listed (flagged), never hidden or deleted.
    const listed = (await readEnvelope(await get('/api/devices?userId=carol', liveKeyA))).data as {
      devices: (DeviceBody & { overage: boolean })[];
    };
    expect(listed.devices).toEqual([expect.objectContaining({ id: over.deviceId, overage: true })]);
  });

  it('answers DEVICE_NOT_FOUND identically for missing, foreign, other-environment and mistyped devices', async () => {
    const missingId = `dev_${'x'.repeat(carB.deviceId.length - 4)}`;
    const normalized = async (path: string, key: string, id: string) => {
      const res = await get(path, key);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      const body = JSON.parse(text) as { meta: { requestId: string; timestamp: string } };
      return text
        .replace(body.meta.requestId, '<request-id>')
        .replace(body.meta.timestamp, '<timestamp>')
        .split(id)
        .join('<id>');
    };
    const reference = await normalized(`/api/vehicle/${missingId}`, keyA, missingId);
    expect(JSON.parse(reference)).toMatchObject({
      success: false,
      error: { code: 'DEVICE_NOT_FOUND' },
    });
    // Another customer's device, the other environment's device, a type that does not match.
    expect(await normalized(`/api/vehicle/${carB.deviceId}`, keyA, carB.deviceId)).toBe(reference);
    expect(await normalized(`/api/vehicle/${liveA.deviceId}`, keyA, liveA.deviceId)).toBe(
      reference,
    );
    expect(await normalized(`/api/vehicle/${carA.deviceId}`, liveKeyA, carA.deviceId)).toBe(
      reference,
    );
    expect(await normalized(`/api/vehicle/${batteryA.deviceId}`, keyA, batteryA.deviceId)).toBe(
      reference,
    );
    const long = 'd'.repeat(500);
    expect(await normalized(`/api/vehicle/${long}`, keyA, long)).toBe(reference);
  });

  it('answers NOT_FOUND for an unknown device type', async () => {
    const res = await get(`/api/toaster/${carA.deviceId}`, keyA);
    expect(res.status).toBe(404);
    expect((await readEnvelope(res)).error?.code).toBe('NOT_FOUND');
  });

  it('serves a device from the micro-cache for at most its TTL', async () => {
    let now = TEST_NOW.getTime();
    const cached = createTestApp(handle.db, { deviceCacheMs: 1000, clock: () => new Date(now) });
    const extra = await seedDevice(handle.db, 'sandbox', 'cus_a', { userId: 'carol' });
    const read = async () => {
      const res = await cached.request(`/api/vehicle/${extra.deviceId}`, {
        headers: { 'x-api-key': keyA },
      });
      return ((await readEnvelope(res)).data as DeviceBody).status;
    };
    expect(await read()).toBe('connected');
    await handle.db
      .update(sandbox.devices)
      .set({ status: 'disconnected' })
      .where(eq(sandbox.devices.id, extra.deviceId));
    now += 999;
    expect(await read()).toBe('connected');
    now += 1;
    expect(await read()).toBe('disconnected');
    // Other customers never see the cached row.
    const foreign = await cached.request(`/api/vehicle/${extra.deviceId}`, {
      headers: { 'x-api-key': keyB },
    });
    expect(foreign.status).toBe(404);
  });
});

describe('POST /api/sandbox/devices/{deviceId}/disconnect', () => {
  it('disconnects a sandbox device, which then reads as disconnected', async () => {
    const cached = createTestApp(handle.db, { deviceCacheMs: 60_000 });
    const target = await seedDevice(handle.db, 'sandbox', 'cus_a', { userId: 'dave' });
    const path = `/api/vehicle/${target.deviceId}`;
    const before = await cached.request(path, { headers: { 'x-api-key': keyA } });
    expect(((await readEnvelope(before)).data as DeviceBody).status).toBe('connected');
    const res = await cached.request(`/api/sandbox/devices/${target.deviceId}/disconnect`, {
      method: 'POST',
      headers: { 'x-api-key': keyA },
    });
    expect(res.status).toBe(200);
    expect((await readEnvelope(res)).data).toEqual({
      deviceId: target.deviceId,
      status: 'disconnected',
    });
    // The route's own write drops the cached row at once.
    const after = await cached.request(path, { headers: { 'x-api-key': keyA } });
    expect(((await readEnvelope(after)).data as DeviceBody).status).toBe('disconnected');
  });

  it("answers DEVICE_NOT_FOUND for another customer's or an unknown device", async () => {
    for (const id of [carB.deviceId, 'dev_unknown', liveA.deviceId]) {
      const res = await app.request(`/api/sandbox/devices/${id}/disconnect`, {
        method: 'POST',
        headers: { 'x-api-key': keyA },
      });
      expect(res.status).toBe(404);
      expect((await readEnvelope(res)).error?.code).toBe('DEVICE_NOT_FOUND');
    }
  });

  it('refuses live keys with SANDBOX_ONLY', async () => {
    const res = await app.request(`/api/sandbox/devices/${liveA.deviceId}/disconnect`, {
      method: 'POST',
      headers: { 'x-api-key': liveKeyA },
    });
    expect(res.status).toBe(403);
    expect((await readEnvelope(res)).error?.code).toBe('SANDBOX_ONLY');
    const [row] = await handle.db
      .select()
      .from(sandbox.devices)
      .where(eq(sandbox.devices.id, carA.deviceId));
    expect(row?.status).toBe('connected');
  });
});
