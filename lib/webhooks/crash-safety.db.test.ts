import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tablesFor } from '../db/schema';
import {
  claimDueDeliveries,
  listDeliveryAttempts,
  recordAttempt,
  recordAttempts,
} from './deliveries';
import { enqueueEvent, listDeliveries } from './index';
import { manualClock, useDispatcherTestbed } from './dispatcher-testbed';

const { db, newCustomer, setup, dispatcher, enqueue } = useDispatcherTestbed();

describe('crash safety', () => {
  it('a claim whose dispatcher died is retried after the lease and cannot overwrite the new attempt', async () => {
    const { customerId, receiver } = await setup();
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    // A dispatcher claims and "crashes" (never reports back).
    const [lost] = await claimDueDeliveries(db(), 'sandbox', {
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
    const stale = await recordAttempt(db(), lost!, {
      status: 'failed',
      nextAttemptAt: null,
      statusCode: 500,
      responseBytes: 0,
      error: 'http_error',
      durationMs: 1,
      at: clock.now(),
    });
    expect(stale).toBe(false);
    const [delivery] = await listDeliveries(db(), 'sandbox', customerId);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('records grouped outcomes only for claims that still hold their delivery', async () => {
    const { customerId } = await setup();
    const clock = manualClock();
    await enqueue(customerId, clock.now());
    await enqueue(customerId, clock.now());
    const claim = () =>
      claimDueDeliveries(db(), 'sandbox', { now: clock.now(), leaseMs: 1000, limit: 10 });
    const [stale, other] = await claim();
    clock.advance(2); // both leases expire; both deliveries are claimed again
    const fresh = await claim();
    const current = fresh.find((c) => c.deliveryId === other!.deliveryId)!;
    const outcome = {
      status: 'succeeded' as const,
      nextAttemptAt: null,
      statusCode: 200,
      responseBytes: 0,
      error: null,
      durationMs: 3,
      at: clock.now(),
    };
    const applied = await recordAttempts(db(), 'sandbox', [
      { claim: stale!, outcome },
      { claim: current, outcome },
    ]);
    expect([...applied]).toEqual([current.deliveryId]);
    expect(current.attempt).toBe(2);
    const attempts = await listDeliveryAttempts(db(), 'sandbox', customerId, stale!.deliveryId);
    expect(attempts!.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 200]]);
    expect(
      await listDeliveryAttempts(db(), 'sandbox', await newCustomer(), stale!.deliveryId),
    ).toBeNull();
    const byId = new Map(
      (await listDeliveries(db(), 'sandbox', customerId)).map((d) => [d.deliveryId, d]),
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
      db().transaction(async (tx) => {
        await enqueueEvent(tx, 'sandbox', { customerId, type: 'device.connected', data: {} });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const events = await db()
      .select()
      .from(tablesFor('sandbox').webhookEvents)
      .where(eq(tablesFor('sandbox').webhookEvents.customerId, customerId));
    expect(events).toEqual([]);
    expect(await listDeliveries(db(), 'sandbox', customerId)).toEqual([]);
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
