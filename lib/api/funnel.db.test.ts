import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { customerApps, tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import type { FunnelEventRow } from '../embed/funnel';
import { recordFunnelEvents } from '../embed/funnel';
import { TEST_NOW, createTestApp, readEnvelope, seedCustomer, seedKey } from './test-fixtures';

/** GET /api/journeys/funnel: a customer's own journeys, step by step. */

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let key = '';
let otherKey = '';
let noUsageKey = '';
const HOUR = 3600_000;

const get = (path: string, k = key) => app.request(path, { headers: { 'x-api-key': k } });

async function journey(
  sessionId: string,
  appId: string,
  events: FunnelEventRow[],
  options: { customerId?: string; hoursAgo?: number } = {},
) {
  await recordFunnelEvents(
    handle.db,
    tablesFor('sandbox'),
    {
      sessionId,
      customerId: options.customerId ?? 'cus_funnel',
      appId,
      at: new Date(TEST_NOW.getTime() - (options.hoursAgo ?? 1) * HOUR),
    },
    events,
  );
}

const ev = (
  event: FunnelEventRow['event'],
  step: string | null = null,
  oem: string | null = null,
  code: string | null = null,
): FunnelEventRow => ({ event, step, oem, code });

const opened: FunnelEventRow[] = [ev('OPEN'), ev('SELECT_DEVICE_TYPE', 'device_type')];
const choseVolta: FunnelEventRow[] = [...opened, ev('SELECT_OEM', 'oem', 'volta')];
const connectedVolta: FunnelEventRow[] = [
  ...choseVolta,
  ev('SUBMIT_CREDENTIALS', 'credentials', 'volta'),
  ev('SELECT_DEVICES', 'devices', 'volta'),
  ev('CONSENT', 'consent', 'volta'),
  ev('HANDOFF', 'finished', 'volta'),
];

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_funnel', { appId: 'app_funnel_a' });
  await seedCustomer(handle.db, 'cus_funnel_other', { appId: 'app_funnel_other' });
  await handle.db.insert(customerApps).values({
    id: 'app_funnel_b',
    customerId: 'cus_funnel',
    appName: 'Second app',
    redirectUrl: 'https://customer.example.test/done',
    reconnectRedirectUrl: 'https://customer.example.test/reconnected',
  });
  key = (await seedKey(handle.db, 'cus_funnel', 'sandbox', { permissions: ['usage:read'] })).key;
  noUsageKey = (
    await seedKey(handle.db, 'cus_funnel', 'sandbox', { permissions: ['devices:read'] })
  ).key;
  otherKey = (
    await seedKey(handle.db, 'cus_funnel_other', 'sandbox', { permissions: ['usage:read'] })
  ).key;
  app = createTestApp(handle.db);
  await journey('jrn_1', 'app_funnel_a', connectedVolta);
  await journey('jrn_2', 'app_funnel_a', [
    ...choseVolta,
    ev('ERROR', 'credentials', 'volta', 'INVALID_CREDENTIALS'),
    ev('ERROR', 'credentials', 'volta', 'INVALID_CREDENTIALS'),
    ev('EXIT', 'credentials', 'volta'),
  ]);
  await journey('jrn_3', 'app_funnel_b', [
    ...opened,
    ev('SELECT_OEM', 'oem', 'stellar'),
    ev('ERROR', 'credentials', 'stellar', 'OEM_UNAVAILABLE'),
  ]);
  // Outside the default 7 days, and another customer's journey.
  await journey('jrn_old', 'app_funnel_a', connectedVolta, { hoursAgo: 24 * 8 });
  await journey('jrn_other', 'app_funnel_other', connectedVolta, {
    customerId: 'cus_funnel_other',
  });
});
afterAll(() => handle.close());

interface FunnelBody {
  appId: string | null;
  steps: { event: string; journeys: number }[];
  oems: { oem: string; selected: number; connected: number }[];
  errors: { code: string; count: number }[];
}

async function funnelOf(res: Response): Promise<FunnelBody> {
  expect(res.status).toBe(200);
  return (await readEnvelope(res)).data as FunnelBody;
}

describe('GET /api/journeys/funnel', () => {
  it('counts journeys per step, per OEM and errors by code, over the last 7 days by default', async () => {
    const funnel = await funnelOf(await get('/api/journeys/funnel'));
    const steps = Object.fromEntries(funnel.steps.map((s) => [s.event, s.journeys]));
    expect(steps).toMatchObject({
      OPEN: 3,
      SELECT_DEVICE_TYPE: 3,
      SELECT_OEM: 3,
      SUBMIT_CREDENTIALS: 1,
      SELECT_DEVICES: 1,
      CONSENT: 1,
      HANDOFF: 1,
      EXIT: 1,
    });
    expect(funnel.steps.map((s) => s.event)).not.toContain('ERROR');
    expect(funnel.oems).toEqual([
      { oem: 'volta', selected: 2, connected: 1 },
      { oem: 'stellar', selected: 1, connected: 0 },
    ]);
    expect(funnel.errors).toEqual([
      { code: 'INVALID_CREDENTIALS', count: 2 },
      { code: 'OEM_UNAVAILABLE', count: 1 },
    ]);
  });

  it('narrows to one app of the customer, and to a range', async () => {
    const funnel = await funnelOf(await get('/api/journeys/funnel?appId=app_funnel_b'));
    expect(funnel.appId).toBe('app_funnel_b');
    expect(funnel.oems).toEqual([{ oem: 'stellar', selected: 1, connected: 0 }]);
    const from = new Date(TEST_NOW.getTime() - 9 * 24 * HOUR).toISOString();
    const to = new Date(TEST_NOW.getTime() - 7 * 24 * HOUR).toISOString();
    const old = await funnelOf(await get(`/api/journeys/funnel?from=${from}&to=${to}`));
    expect(old.steps.find((s) => s.event === 'HANDOFF')?.journeys).toBe(1);
    expect(old.steps.find((s) => s.event === 'OPEN')?.journeys).toBe(1);
  });

  it('another customer sees only its own journeys, and never another customer’s app', async () => {
    const funnel = await funnelOf(await get('/api/journeys/funnel', otherKey));
    expect(funnel.steps.find((s) => s.event === 'OPEN')?.journeys).toBe(1);
    const res = await get('/api/journeys/funnel?appId=app_funnel_a', otherKey);
    expect(res.status).toBe(400);
    expect((await readEnvelope(res)).error).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('refuses bad ranges with the field named, and keys without usage:read', async () => {
    const bad = await get(
      `/api/journeys/funnel?from=${TEST_NOW.toISOString()}&to=${new Date(TEST_NOW.getTime() - HOUR).toISOString()}`,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await readEnvelope(bad))).toContain('from');
    const wide = await get(
      `/api/journeys/funnel?from=${new Date(TEST_NOW.getTime() - 100 * 24 * HOUR).toISOString()}`,
    );
    expect(wide.status).toBe(400);
    expect((await get('/api/journeys/funnel?to=yesterday')).status).toBe(400);
    expect((await get('/api/journeys/funnel?extra=1')).status).toBe(400);
    const forbidden = await get('/api/journeys/funnel', noUsageKey);
    expect(forbidden.status).toBe(403);
    expect((await readEnvelope(forbidden)).error).toMatchObject({
      code: 'INSUFFICIENT_PERMISSIONS',
    });
  });
});
