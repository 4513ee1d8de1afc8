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

  it('a stopping dispatcher gives back the deliveries it claimed ahead and never sent', async () => {
    const { customerId, receiver } = await setup();
    receiver.respond = () => ({ status: 200, hang: true });
    for (let i = 0; i < 3; i++) await enqueue(customerId);
    // One slot: one delivery is sent (and hangs), one more is claimed ahead to wait for the slot.
    const d = dispatcher({ manual: false, concurrency: 1, pollIntervalMs: 10, timeoutMs: 1000 });
    const d1 = tablesFor('sandbox').webhookDeliveries;
    const leased = async () =>
      (await listDeliveries(db(), 'sandbox', customerId)).filter((x) => x.attempts > 0).length;
    while (receiver.received.length < 1 || (await leased()) < 2) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await d.stop(); // the hanging attempt times out; the waiting one is given back unsent
    expect(receiver.received).toHaveLength(1);
    const rows = await db()
      .select({ attempts: d1.attempts, leaseUntil: d1.leaseUntil, status: d1.status })
      .from(d1)
      .where(eq(d1.customerId, customerId));
    expect(rows.map((r) => r.attempts).sort()).toEqual([0, 0, 1]);
    expect(rows.filter((r) => r.attempts === 0).every((r) => r.leaseUntil === null)).toBe(true);
    // Given back, they are due again at once, as first attempts.
    const again = await claimDueDeliveries(db(), 'sandbox', {
      now: new Date(),
      leaseMs: 60_000,
      limit: 10,
    });
    expect(again.filter((c) => c.customerId === customerId).map((c) => c.attempt)).toEqual([1, 1]);
  }, 30_000);
});
