import { describe, expect, it } from 'vitest';
import { createWebhookEndpoint, listDeliveries, listWebhookEndpoints, replayEvent } from './index';
import { startReceiver } from './testing';
import { APP_SECRET, manualClock, useDispatcherTestbed } from './dispatcher-testbed';

const { db, newCustomer, setup, startTestReceiver, dispatcher, enqueue, attemptsOf } =
  useDispatcherTestbed();

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
    const [delivery] = await listDeliveries(db(), 'sandbox', customerId);
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
      [1, 500, 'http_error'],
      [2, 500, 'http_error'],
      [3, 200, null],
    ]);
  });

  it('a receiver down for several retry steps receives everything once it is back', async () => {
    const customerId = await newCustomer();
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close(); // nothing listens on the port now
    await createWebhookEndpoint(
      db(),
      'sandbox',
      { customerId, url: `http://127.0.0.1:${port}/hook` },
      { appSecret: APP_SECRET, allowPrivate: true },
    );
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now });
    const events = [];
    for (let i = 0; i < 5; i++) events.push((await enqueue(customerId, clock.now())).eventId);

    for (const wait of [0, 5, 300, 1800]) {
      clock.advance(wait);
      expect(await d.tick()).toBe(5);
    }
    const down = await listDeliveries(db(), 'sandbox', customerId);
    expect(
      down.every((x) => x.status === 'pending' && x.attempts === 4 && x.lastStatusCode === null),
    ).toBe(true);
    expect(down[0]!.lastError).toBe('connection_refused');
    expect(down[0]!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 7200_000));

    const receiver = await startTestReceiver(port);
    clock.advance(7200);
    expect(await d.tick()).toBe(5);
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(
      [...events].sort(),
    );
    const after = await listDeliveries(db(), 'sandbox', customerId);
    expect(after.every((x) => x.status === 'succeeded' && x.attempts === 5)).toBe(true);
  });

  it('honours Retry-After on 503 and marks the delivery failed after the last attempt', async () => {
    const { customerId, receiver } = await setup();
    receiver.respond = () => ({ status: 503, headers: { 'retry-after': '120' } });
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now, retrySchedule: [0, 5, 10] });
    const { eventId } = await enqueue(customerId, clock.now());
    await d.tick();
    const [first] = await listDeliveries(db(), 'sandbox', customerId);
    expect(first!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 120_000));
    clock.advance(119);
    expect(await d.tick()).toBe(0);
    clock.advance(1);
    receiver.respond = () => ({ status: 500, headers: { 'retry-after': '100000' } }); // ignored for 500
    expect(await d.tick()).toBe(1);
    const [second] = await listDeliveries(db(), 'sandbox', customerId);
    expect(second!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 10_000));
    clock.advance(10);
    expect(await d.tick()).toBe(1);
    const [last] = await listDeliveries(db(), 'sandbox', customerId);
    expect(last).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });

    // A failed delivery can be replayed: same webhook-id, fresh signature.
    receiver.respond = () => ({ status: 204 });
    expect(await replayEvent(db(), 'sandbox', customerId, eventId, clock.now())).toEqual({
      deliveries: 1,
    });
    expect(await d.tick()).toBe(1);
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(eventId);
    const statuses = (await listDeliveries(db(), 'sandbox', customerId))
      .map((x) => x.status)
      .sort();
    expect(statuses).toEqual(['failed', 'succeeded']);
    expect(await replayEvent(db(), 'sandbox', customerId, 'msg_nope')).toBeNull();
    expect(await replayEvent(db(), 'sandbox', await newCustomer(), eventId)).toBeNull();
  });

  it('times out a receiver that does not answer and keeps only the size of error bodies', async () => {
    const { customerId, receiver } = await setup();
    receiver.respond = () => ({ status: 200, hang: true });
    const clock = manualClock();
    const d = dispatcher({ clock: clock.now, timeoutMs: 300 });
    await enqueue(customerId, clock.now());
    await d.tick();
    const [timedOut] = await listDeliveries(db(), 'sandbox', customerId);
    expect(timedOut).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: 'timeout',
    });

    receiver.respond = () => ({ status: 500, body: 'x'.repeat(100_000) });
    clock.advance(5);
    await d.tick();
    const [big] = await listDeliveries(db(), 'sandbox', customerId);
    expect(big).toMatchObject({
      lastStatusCode: 500,
      lastError: 'http_error',
      lastResponseBytes: 100_000,
    });
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
    const [delivery] = await listDeliveries(db(), 'sandbox', customerId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 302, attempts: 1 });
  });

  it('410 Gone disables the endpoint and fails its pending deliveries', async () => {
    const { customerId, receiver, endpointId } = await setup();
    receiver.respond = () => ({ status: 410 });
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    await dispatcher({ clock: clock.now, concurrency: 1 }).tick();
    await enqueue(customerId, clock.now()); // written while disabled: no delivery
    const [endpoint] = await listWebhookEndpoints(db(), 'sandbox', customerId);
    expect(endpoint).toMatchObject({
      endpointId,
      enabled: false,
      disabledReason: 'receiver answered 410 Gone',
    });
    const deliveries = await listDeliveries(db(), 'sandbox', customerId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    expect(receiver.received).toHaveLength(1);
  });
});
