import { asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../crypto';
import type { DbHandle } from '../db/client';
import { customers, sandbox, tablesFor } from '../db/schema';
import type { Environment } from '../db/schema';
import { openTestDb } from '../db/testing';
import {
  claimDueDeliveries,
  listDeliveryAttempts,
  recordAttempt,
  recordAttempts,
} from './deliveries';
import {
  addWebhookSecret,
  createWebhookEndpoint,
  enqueueEvent,
  listDeliveries,
  listWebhookEndpoints,
  removeWebhookSecret,
  replayEvent,
  startDispatcher,
  WebhookUrlError,
} from './index';
import type { Dispatcher, DispatcherOptions } from './index';
import { startReceiver, verifyStandardWebhook } from './testing';
import type { Receiver } from './testing';

const APP_SECRET = 'test-app-secret-0123456789abcdef0123456789';
const SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

let handle: DbHandle;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Tests share one database and dispatchers claim across customers: park what a test left pending.
  for (const environment of ['sandbox', 'live'] as const) {
    const d = tablesFor(environment).webhookDeliveries;
    await handle.db.update(d).set({ status: 'failed' }).where(eq(d.status, 'pending'));
  }
});

/** A clock the test moves by hand. */
function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

async function newCustomer(): Promise<string> {
  const id = randomId('cus');
  await handle.db.insert(customers).values({ id, name: 'Webhook Test Co' });
  return id;
}

async function setup(options: { path?: string; environment?: Environment } = {}) {
  const customerId = await newCustomer();
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const environment = options.environment ?? 'sandbox';
  const endpoint = await createWebhookEndpoint(
    handle.db,
    environment,
    { customerId, url: `${receiver.url}${options.path ?? '/hook'}` },
    { appSecret: APP_SECRET },
  );
  return { customerId, receiver, ...endpoint };
}

function dispatcher(overrides: Partial<DispatcherOptions> = {}): Dispatcher {
  const d = startDispatcher({
    db: handle.db,
    appSecret: APP_SECRET,
    retrySchedule: SCHEDULE,
    manual: true,
    random: () => 0.5,
    ...overrides,
  });
  cleanups.push(() => d.stop());
  return d;
}

async function enqueue(customerId: string, now?: Date, environment: Environment = 'sandbox') {
  return handle.db.transaction((tx) =>
    enqueueEvent(tx, environment, {
      customerId,
      type: 'device.connected',
      data: { deviceId: 'dev_1', deviceType: 'vehicle', oem: 'volta' },
      now,
    }),
  );
}

async function attemptsOf(deliveryId: number) {
  const a = sandbox.webhookAttempts;
  return handle.db.select().from(a).where(eq(a.deliveryId, deliveryId)).orderBy(asc(a.attempt));
}

describe('signing', () => {
  it('signs per Standard Webhooks: verifies independently and with the library; fails when tampered', async () => {
    const { customerId, receiver, secret } = await setup();
    const { eventId } = await enqueue(customerId);
    const now = new Date();
    expect(await dispatcher({ clock: () => now }).tick()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [message] = receiver.received;
    const headers = message!.headers as Record<string, string>;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(headers['webhook-id']).toBe(eventId);
    expect(headers['content-type']).toBe('application/json');
    const body = JSON.parse(message!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: eventId, type: 'device.connected', environment: 'sandbox' });
    expect(body.data).toEqual({ deviceId: 'dev_1', deviceType: 'vehicle', oem: 'volta' });
    expect(typeof body.createdAt).toBe('string');

    expect(verifyStandardWebhook(secret, headers, message!.body, now)).toBe(true);
    expect(() => new Webhook(secret).verify(message!.body, headers)).not.toThrow();

    const wrong = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(verifyStandardWebhook(wrong, headers, message!.body, now)).toBe(false);
    expect(() => new Webhook(wrong).verify(message!.body, headers)).toThrow();
    const edited = message!.body.replace('dev_1', 'dev_2');
    expect(verifyStandardWebhook(secret, headers, edited, now)).toBe(false);
    expect(() => new Webhook(secret).verify(edited, headers)).toThrow();
    const later = new Date(now.getTime() + 6 * 60 * 1000);
    expect(verifyStandardWebhook(secret, headers, message!.body, later)).toBe(false);
    const staleHeaders = {
      ...headers,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000) - 3600),
    };
    expect(() => new Webhook(secret).verify(message!.body, staleHeaders)).toThrow();
  });

  it('stores secrets encrypted and signs with both secrets during a rotation', async () => {
    const { customerId, receiver, secret, endpointId } = await setup();
    const [row] = await handle.db
      .select()
      .from(sandbox.webhookEndpoints)
      .where(eq(sandbox.webhookEndpoints.id, endpointId));
    expect(JSON.stringify(row!.secrets)).not.toContain(secret.slice(6));

    const rotation = await addWebhookSecret(handle.db, 'sandbox', customerId, endpointId, {
      appSecret: APP_SECRET,
    });
    if (!rotation.ok) throw new Error(rotation.code);
    const again = await addWebhookSecret(handle.db, 'sandbox', customerId, endpointId, {
      appSecret: APP_SECRET,
    });
    expect(again).toEqual({ ok: false, code: 'ROTATION_IN_PROGRESS' });
    const now = new Date();
    const d = dispatcher({ clock: () => now });
    await enqueue(customerId, now);
    await d.tick();
    const first = receiver.received[0]!;
    const headers = first.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(secret, headers, first.body, now)).toBe(true);
    expect(verifyStandardWebhook(rotation.secret, headers, first.body, now)).toBe(true);

    expect(await removeWebhookSecret(handle.db, 'sandbox', customerId, endpointId, 'old')).toBe(
      true,
    );
    await enqueue(customerId, now);
    await d.tick();
    const second = receiver.received[1]!;
    const h2 = second.headers as Record<string, string>;
    expect(h2['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verifyStandardWebhook(secret, h2, second.body, now)).toBe(false);
    expect(verifyStandardWebhook(rotation.secret, h2, second.body, now)).toBe(true);
    expect(await removeWebhookSecret(handle.db, 'sandbox', customerId, endpointId, 'old')).toBe(
      false,
    );
  });
});

describe('retries', () => {
  it('two failures then success: delivered once, three attempts recorded', async () => {
    const { customerId, receiver } = await setup();
    const answers = [500, 500, 200];
    receiver.respond = () => ({ status: answers.shift() ?? 200, body: 'nope' });
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now });
    const { eventId } = await enqueue(customerId, clock.now());

    expect(await d.tick()).toBe(1);
    expect(await d.tick()).toBe(0); // next attempt in 5 s
    clock.advance(5);
    expect(await d.tick()).toBe(1);
    clock.advance(299);
    expect(await d.tick()).toBe(0); // next attempt in 300 s
    clock.advance(1);
    expect(await d.tick()).toBe(1);
    const deliveredAt = clock.now();
    clock.advance(100_000);
    expect(await d.tick()).toBe(0);

    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      eventId,
      eventId,
      eventId,
    ]);
    const [delivery] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(delivery).toMatchObject({
      eventId,
      eventType: 'device.connected',
      status: 'succeeded',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(delivery!.deliveredAt).toEqual(deliveredAt);
    const attempts = await attemptsOf(delivery!.deliveryId);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500: nope'],
      [2, 500, 'HTTP 500: nope'],
      [3, 200, null],
    ]);
  });

  it('a receiver down for several retry steps receives everything once it is back', async () => {
    const customerId = await newCustomer();
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close(); // nothing listens on the port now
    await createWebhookEndpoint(
      handle.db,
      'sandbox',
      { customerId, url: `http://127.0.0.1:${port}/hook` },
      { appSecret: APP_SECRET },
    );
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now });
    const events = [];
    for (let i = 0; i < 5; i++) events.push((await enqueue(customerId, clock.now())).eventId);

    for (const wait of [0, 5, 300, 1800]) {
      clock.advance(wait);
      expect(await d.tick()).toBe(5);
    }
    const down = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(
      down.every((x) => x.status === 'pending' && x.attempts === 4 && x.lastStatusCode === null),
    ).toBe(true);
    expect(down[0]!.lastError).toMatch(/ECONNREFUSED/);
    expect(down[0]!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 7200_000));

    const receiver = await startReceiver(port);
    cleanups.push(() => receiver.close());
    clock.advance(7200);
    expect(await d.tick()).toBe(5);
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(
      [...events].sort(),
    );
    const after = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(after.every((x) => x.status === 'succeeded' && x.attempts === 5)).toBe(true);
  });

  it('honours Retry-After on 503 and marks the delivery failed after the last attempt', async () => {
    const { customerId, receiver } = await setup();
    receiver.respond = () => ({ status: 503, headers: { 'retry-after': '120' } });
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now, retrySchedule: [0, 5, 10] });
    const { eventId } = await enqueue(customerId, clock.now());
    await d.tick();
    const [first] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(first!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 120_000));
    clock.advance(119);
    expect(await d.tick()).toBe(0);
    clock.advance(1);
    receiver.respond = () => ({ status: 500, headers: { 'retry-after': '100000' } }); // ignored for 500
    expect(await d.tick()).toBe(1);
    const [second] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(second!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 10_000));
    clock.advance(10);
    expect(await d.tick()).toBe(1);
    const [last] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(last).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });

    // A failed delivery can be replayed: same webhook-id, fresh signature.
    receiver.respond = () => ({ status: 204 });
    expect(await replayEvent(handle.db, 'sandbox', customerId, eventId, clock.now())).toEqual({
      deliveries: 1,
    });
    expect(await d.tick()).toBe(1);
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(eventId);
    const statuses = (await listDeliveries(handle.db, 'sandbox', customerId))
      .map((x) => x.status)
      .sort();
    expect(statuses).toEqual(['failed', 'succeeded']);
    expect(await replayEvent(handle.db, 'sandbox', customerId, 'msg_nope')).toBeNull();
    expect(await replayEvent(handle.db, 'sandbox', await newCustomer(), eventId)).toBeNull();
  });

  it('times out a receiver that does not answer and keeps a capped excerpt of error bodies', async () => {
    const { customerId, receiver } = await setup();
    receiver.respond = () => ({ status: 200, hang: true });
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now, timeoutMs: 300 });
    await enqueue(customerId, clock.now());
    await d.tick();
    const [timedOut] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(timedOut).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: 'timed out after 300 ms',
    });

    receiver.respond = () => ({ status: 500, body: 'x'.repeat(100_000) });
    clock.advance(5);
    await d.tick();
    const [big] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(big!.lastStatusCode).toBe(500);
    expect(big!.lastError!.length).toBeLessThanOrEqual(4096 + 'HTTP 500: '.length);
    expect(big!.lastError!.length).toBeGreaterThan(4000);
  });
});

describe('receiver answers', () => {
  it('does not follow redirects', async () => {
    const { customerId, receiver } = await setup({ path: '/moved' });
    receiver.respond = (r) =>
      r.path === '/moved' ? { status: 302, headers: { location: '/target' } } : { status: 200 };
    await enqueue(customerId);
    await dispatcher().tick();
    expect(receiver.received.map((r) => r.path)).toEqual(['/moved']);
    const [delivery] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 302, attempts: 1 });
  });

  it('410 Gone disables the endpoint and fails its pending deliveries', async () => {
    const { customerId, receiver, endpointId } = await setup();
    receiver.respond = () => ({ status: 410 });
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    await dispatcher({ clock: clock.now, concurrency: 1 }).tick();
    await enqueue(customerId, clock.now()); // written while disabled: no delivery
    const [endpoint] = await listWebhookEndpoints(handle.db, 'sandbox', customerId);
    expect(endpoint).toMatchObject({
      endpointId,
      enabled: false,
      disabledReason: 'receiver answered 410 Gone',
    });
    const deliveries = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    expect(receiver.received).toHaveLength(1);
  });
});

describe('address safety', () => {
  it('refuses loopback and private targets for live endpoints at creation', async () => {
    const customerId = await newCustomer();
    const create = (url: string, resolve?: (h: string) => Promise<string[]>) =>
      createWebhookEndpoint(
        handle.db,
        'live',
        { customerId, url },
        { appSecret: APP_SECRET, resolve },
      );
    await expect(create('https://127.0.0.1/hook')).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(create('https://[::1]/hook')).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(
      create('http://hooks.example.com/hook', async () => ['93.184.216.34']),
    ).rejects.toThrow(/https/);
    await expect(
      create('https://hooks.example.com/hook', async () => ['127.0.0.1']),
    ).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(
      create('https://hooks.example.com/hook', async () => ['192.168.0.10']),
    ).rejects.toBeInstanceOf(WebhookUrlError);
    expect(await listWebhookEndpoints(handle.db, 'live', customerId)).toEqual([]);
  });

  it('re-checks at send time after DNS resolution and never connects to a rebound address', async () => {
    const customerId = await newCustomer();
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    await createWebhookEndpoint(
      handle.db,
      'live',
      { customerId, url: `https://hooks.example.com:${receiver.port}/hook` },
      { appSecret: APP_SECRET, resolve: async () => ['93.184.216.34'] },
    );
    await enqueue(customerId, undefined, 'live');
    // DNS now points the name at loopback, where a receiver is listening.
    await dispatcher({ resolve: async () => ['127.0.0.1'] }).tick();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await listDeliveries(handle.db, 'live', customerId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, attempts: 1 });
    expect(delivery!.lastError).toMatch(/may not be sent/);
  });
});

describe('crash safety', () => {
  it('a claim whose dispatcher died is retried after the lease and cannot overwrite the new attempt', async () => {
    const { customerId, receiver } = await setup();
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    // A dispatcher claims and "crashes" (never reports back).
    const [lost] = await claimDueDeliveries(handle.db, 'sandbox', {
      now: clock.now(),
      leaseMs: 60_000,
      limit: 10,
    });
    expect(lost).toBeDefined();
    const d = dispatcher({ clock: clock.now, leaseMs: 60_000 });
    expect(await d.tick()).toBe(0);
    clock.advance(60);
    expect(await d.tick()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    // The dead dispatcher wakes up late: its outcome is recorded as an attempt but does not count.
    const stale = await recordAttempt(handle.db, lost!, {
      status: 'failed',
      nextAttemptAt: null,
      statusCode: 500,
      error: 'late',
      durationMs: 1,
      at: clock.now(),
    });
    expect(stale).toBe(false);
    const [delivery] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('records grouped outcomes only for claims that still hold their delivery', async () => {
    const { customerId } = await setup();
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    await enqueue(customerId, clock.now());
    const claim = () =>
      claimDueDeliveries(handle.db, 'sandbox', { now: clock.now(), leaseMs: 1000, limit: 10 });
    const [stale, other] = await claim();
    clock.advance(2); // both leases expire; both deliveries are claimed again
    const fresh = await claim();
    const current = fresh.find((c) => c.deliveryId === other!.deliveryId)!;
    const outcome = {
      status: 'succeeded' as const,
      nextAttemptAt: null,
      statusCode: 200,
      error: null,
      durationMs: 3,
      at: clock.now(),
    };
    const applied = await recordAttempts(handle.db, 'sandbox', [
      { claim: stale!, outcome },
      { claim: current, outcome },
    ]);
    expect([...applied]).toEqual([current.deliveryId]);
    expect(current.attempt).toBe(2);
    const attempts = await listDeliveryAttempts(
      handle.db,
      'sandbox',
      customerId,
      stale!.deliveryId,
    );
    expect(attempts!.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 200]]);
    expect(
      await listDeliveryAttempts(handle.db, 'sandbox', await newCustomer(), stale!.deliveryId),
    ).toBeNull();
    const byId = new Map(
      (await listDeliveries(handle.db, 'sandbox', customerId)).map((d) => [d.deliveryId, d]),
    );
    expect(byId.get(stale!.deliveryId)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(byId.get(other!.deliveryId)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lastStatusCode: 200,
    });
  });

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const { customerId } = await setup();
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueEvent(tx, 'sandbox', { customerId, type: 'device.connected', data: {} });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const events = await handle.db
      .select()
      .from(tablesFor('sandbox').webhookEvents)
      .where(eq(tablesFor('sandbox').webhookEvents.customerId, customerId));
    expect(events).toEqual([]);
    expect(await listDeliveries(handle.db, 'sandbox', customerId)).toEqual([]);
  });

  it('two dispatchers sharing the queue deliver each message once', async () => {
    const { customerId, receiver } = await setup();
    const events = [];
    for (let i = 0; i < 30; i++) events.push((await enqueue(customerId)).eventId);
    const a = dispatcher({ concurrency: 4 });
    const b = dispatcher({ concurrency: 4 });
    let total = 0;
    for (;;) {
      const [x, y] = await Promise.all([a.tick(), b.tick()]);
      if (x + y === 0) break;
      total += x + y;
    }
    expect(total).toBe(30);
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(
      [...events].sort(),
    );
  });
});
