import { describe, expect, it } from 'vitest';
import { claimDueDeliveries } from './deliveries';
import { APP_SECRET, useDispatcherTestbed } from './dispatcher-testbed';
import { createWebhookEndpoint } from './endpoints';

const { db, setup, enqueue } = useDispatcherTestbed();

describe('claiming across environments', () => {
  it('one claim takes live first, then sandbox, within the limit and each customer’s share of both', async () => {
    // Nothing is sent: the claim only needs an enabled endpoint in each environment.
    const a = await setup();
    await createWebhookEndpoint(
      db(),
      'live',
      { customerId: a.customerId, url: 'https://hooks.example.com/hook' },
      { appSecret: APP_SECRET, resolve: async () => ['93.184.216.34'] },
    );
    const b = await setup();
    for (let i = 0; i < 3; i++) await enqueue(a.customerId, undefined, 'live');
    for (let i = 0; i < 5; i++) await enqueue(a.customerId);
    for (let i = 0; i < 2; i++) await enqueue(b.customerId);
    const now = new Date(Date.now() + 1000);

    // A plain claim (no share): the limit counts both environments, live first.
    const plain = await claimDueDeliveries(db(), ['live', 'sandbox'], {
      now,
      leaseMs: 1,
      limit: 4,
    });
    expect(plain.map((c) => c.environment)).toEqual(['live', 'live', 'live', 'sandbox']);

    // With a share of 4 and one of customer A's deliveries already in flight, A gets 3 (all live,
    // the oldest environment first) and B its 2; the limit of 8 is not reached.
    const later = new Date(now.getTime() + 1000);
    const fair = await claimDueDeliveries(db(), ['live', 'sandbox'], {
      now: later,
      leaseMs: 60_000,
      limit: 8,
      fairShare: { perCustomer: 4, inFlight: new Map([[a.customerId, 1]]) },
    });
    const count = (customerId: string, environment?: string) =>
      fair.filter(
        (c) => c.customerId === customerId && (!environment || c.environment === environment),
      ).length;
    expect(count(a.customerId)).toBe(3);
    expect(count(a.customerId, 'live')).toBe(3);
    expect(count(b.customerId)).toBe(2);
    expect(fair.every((c) => c.attempt === (c.environment === 'live' ? 2 : 1))).toBe(true);
  }, 60_000);
});
