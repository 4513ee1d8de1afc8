import { describe, expect, it } from 'vitest';
import { enqueueEvent, sendTestEvent, startDispatcher } from './index';
import { APP_SECRET, SCHEDULE, useDispatcherTestbed } from './dispatcher-testbed';
import { createWebhookEndpoint } from './endpoints';

/**
 * The attack: one tenant registers many endpoints that never answer and has events sent to all of
 * them, so every delivery slot waits on it; everyone else's webhooks queue behind. With a fair share
 * of in-flight deliveries per customer, another tenant's webhooks keep arriving at once.
 */

const { db, newCustomer, startTestReceiver } = useDispatcherTestbed();

const ENDPOINTS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('fair share of delivery slots', () => {
  it("a tenant whose endpoints never answer does not delay another tenant's webhooks (p95 < 1 s)", async () => {
    // The stalling tenant: every endpoint accepts the connection and never answers.
    const staller = await newCustomer();
    const stall = await startTestReceiver();
    stall.respond = () => ({ status: 200, hang: true });
    for (let i = 0; i < ENDPOINTS; i++) {
      await createWebhookEndpoint(
        db(),
        'sandbox',
        { customerId: staller, url: `${stall.url}/hook/${i}` },
        { appSecret: APP_SECRET, allowPrivate: true },
      );
    }
    // The other tenant: one endpoint that answers at once, and tells the test when it did.
    const other = await newCustomer();
    const fast = await startTestReceiver();
    const { endpointId } = await createWebhookEndpoint(
      db(),
      'sandbox',
      { customerId: other, url: `${fast.url}/hook` },
      { appSecret: APP_SECRET, allowPrivate: true },
    );
    let arrived: ((at: number) => void) | undefined;
    fast.respond = () => {
      arrived?.(performance.now());
      return { status: 204 };
    };

    const dispatcher = startDispatcher({
      db: db(),
      appSecret: APP_SECRET,
      retrySchedule: SCHEDULE,
      allowPrivate: true,
      concurrency: 16,
      pollIntervalMs: 50,
    });
    try {
      // 3 events × 20 endpoints = 60 deliveries that each hold a slot until they time out.
      for (let i = 0; i < 3; i++) {
        await db().transaction((tx) =>
          enqueueEvent(tx, 'sandbox', { customerId: staller, type: 'webhook.test', data: { i } }),
        );
      }
      // Wait until the stalling tenant holds slots (its receiver has requests open).
      while (stall.received.length < 4) await new Promise((r) => setImmediate(r));

      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const received = new Promise<number>((resolve) => {
          arrived = resolve;
        });
        const sentAt = performance.now();
        expect(await sendTestEvent(db(), 'sandbox', other, endpointId)).not.toBeNull();
        // A delivery that has not arrived within 3 s counts as 3 s: far above the bound either way.
        const at = await Promise.race([
          received,
          new Promise<number>((resolve) => {
            const timer = setTimeout(() => resolve(sentAt + 3000), 3000);
            void received.then(() => clearTimeout(timer));
          }),
        ]);
        latencies.push(at - sentAt);
      }
      expect(percentile(latencies, 95)).toBeLessThan(1000);
      expect(fast.received).toHaveLength(20);
    } finally {
      await stall.close(); // the stalled deliveries fail at once instead of waiting out their timeout
      await dispatcher.stop();
    }
  }, 120_000);
});
