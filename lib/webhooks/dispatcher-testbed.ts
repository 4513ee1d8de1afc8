import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { randomId } from '../crypto';
import type { DbHandle } from '../db/client';
import { customers, sandbox, tablesFor } from '../db/schema';
import type { Environment } from '../db/schema';
import { openTestDb } from '../db/testing';
import { createWebhookEndpoint, enqueueEvent, startDispatcher } from './index';
import type { Dispatcher, DispatcherOptions } from './index';
import { startReceiver } from './testing';

/**
 * Shared set-up of the dispatcher's database tests: one migrated database per test file, customers with
 * an endpoint on a real local receiver, manual dispatchers and a clock the test moves by hand.
 */

export const APP_SECRET = 'test-app-secret-0123456789abcdef0123456789';
export const SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

/** Registers the file's hooks and returns helpers bound to its database. */
export function useDispatcherTestbed() {
  let handle: DbHandle | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  const db = () => {
    if (!handle) throw new Error('database not open yet');
    return handle.db;
  };

  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    // Tests share one database and dispatchers claim across customers: park what a test left pending.
    for (const environment of ['sandbox', 'live'] as const) {
      const d = tablesFor(environment).webhookDeliveries;
      await db().update(d).set({ status: 'failed' }).where(eq(d.status, 'pending'));
    }
  });

  async function newCustomer(): Promise<string> {
    const id = randomId('cus');
    await db().insert(customers).values({ id, name: 'Webhook Test Co' });
    return id;
  }

  /** A receiver closed after the test (port 0 = a free one). */
  async function startTestReceiver(port = 0) {
    const receiver = await startReceiver(port);
    cleanups.push(() => receiver.close());
    return receiver;
  }

  /** A customer with one endpoint on a fresh local receiver. */
  async function setup(options: { path?: string; environment?: Environment } = {}) {
    const customerId = await newCustomer();
    const receiver = await startTestReceiver();
    const endpoint = await createWebhookEndpoint(
      db(),
      options.environment ?? 'sandbox',
      { customerId, url: `${receiver.url}${options.path ?? '/hook'}` },
      { appSecret: APP_SECRET, allowPrivate: true },
    );
    return { customerId, receiver, ...endpoint };
  }

  /** A manual dispatcher (deliveries only on tick()), stopped after the test. */
  function dispatcher(overrides: Partial<DispatcherOptions> = {}): Dispatcher {
    const d = startDispatcher({
      db: db(),
      appSecret: APP_SECRET,
      allowPrivate: true,
      retrySchedule: SCHEDULE,
      manual: true,
      random: () => 0.5,
      ...overrides,
    });
    cleanups.push(() => d.stop());
    return d;
  }

  async function enqueue(customerId: string, now?: Date, environment: Environment = 'sandbox') {
    return db().transaction((tx) =>
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
    return db().select().from(a).where(eq(a.deliveryId, deliveryId)).orderBy(asc(a.attempt));
  }

  return { db, newCustomer, setup, startTestReceiver, dispatcher, enqueue, attemptsOf };
}
