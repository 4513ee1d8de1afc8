import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../crypto';
import type { DbHandle } from '../db/client';
import { customers } from '../db/schema';
import { openTestDb } from '../db/testing';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  enqueueEvent,
  listDeliveries,
  listWebhookEndpoints,
  notifyDispatcher,
  sendTestEvent,
  startDispatcher,
  WebhookCustomerError,
} from './index';
import { startReceiver, verifyStandardWebhook } from './testing';

const APP_SECRET = 'endpoint-tests-secret-0123456789abcdef0123';
let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function newCustomer(): Promise<string> {
  const id = randomId('cus');
  await handle.db.insert(customers).values({ id, name: 'Endpoint Test Co' });
  return id;
}

const create = (customerId: string, url: string) =>
  createWebhookEndpoint(
    handle.db,
    'sandbox',
    { customerId, url },
    { appSecret: APP_SECRET, allowPrivate: true },
  );

describe('endpoints', () => {
  it('lists, disables, re-enables and deletes a customer’s endpoints, never another customer’s', async () => {
    const customerId = await newCustomer();
    const other = await newCustomer();
    const a = await create(customerId, 'http://127.0.0.1:9/a');
    const b = await create(customerId, 'http://127.0.0.1:9/b');
    const listed = await listWebhookEndpoints(handle.db, 'sandbox', customerId);
    expect(listed.map((e) => e.url).sort()).toEqual([
      'http://127.0.0.1:9/a',
      'http://127.0.0.1:9/b',
    ]);
    expect(listed.every((e) => e.enabled && e.disabledReason === null)).toBe(true);
    expect(await listWebhookEndpoints(handle.db, 'live', customerId)).toEqual([]);

    expect(await disableWebhookEndpoint(handle.db, 'sandbox', other, a.endpointId)).toBe(false);
    expect(await deleteWebhookEndpoint(handle.db, 'sandbox', other, a.endpointId)).toBe(false);
    expect(await disableWebhookEndpoint(handle.db, 'sandbox', customerId, a.endpointId)).toBe(true);
    const [disabled] = (await listWebhookEndpoints(handle.db, 'sandbox', customerId)).filter(
      (e) => e.endpointId === a.endpointId,
    );
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'disabled by customer' });

    // Events go to enabled endpoints only.
    await handle.db.transaction((tx) =>
      enqueueEvent(tx, 'sandbox', { customerId, type: 'device.disconnected', data: {} }),
    );
    expect(
      (await listDeliveries(handle.db, 'sandbox', customerId)).map((d) => d.endpointId),
    ).toEqual([b.endpointId]);

    expect(await enableWebhookEndpoint(handle.db, 'sandbox', customerId, a.endpointId)).toBe(true);
    expect(await deleteWebhookEndpoint(handle.db, 'sandbox', customerId, b.endpointId)).toBe(true);
    expect(await deleteWebhookEndpoint(handle.db, 'sandbox', customerId, b.endpointId)).toBe(false);
    const remaining = await listWebhookEndpoints(handle.db, 'sandbox', customerId);
    expect(remaining.map((e) => [e.endpointId, e.enabled])).toEqual([[a.endpointId, true]]);
    // The deleted endpoint's pending delivery is failed, not left to retry.
    const [delivery] = await listDeliveries(handle.db, 'sandbox', customerId);
    expect(delivery).toMatchObject({
      endpointId: b.endpointId,
      status: 'failed',
      lastError: 'endpoint_deleted',
    });
    expect(await listDeliveries(handle.db, 'sandbox', customerId, { status: 'pending' })).toEqual(
      [],
    );
  });

  it('refuses an unknown customer', async () => {
    await expect(create('cus_nobody', 'http://127.0.0.1:9/a')).rejects.toBeInstanceOf(
      WebhookCustomerError,
    );
  });
});

describe('test events and the running dispatcher', () => {
  it('sends webhook.test to one endpoint at once when notified', async () => {
    const customerId = await newCustomer();
    const receiver = await startReceiver();
    const { endpointId, secret } = await create(customerId, `${receiver.url}/test`);
    const { endpointId: otherEndpoint } = await create(customerId, `${receiver.url}/other`);
    let arrived: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let idled: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => {
      idled = resolve;
    });
    const log: Array<Record<string, unknown>> = [];
    // A long poll interval: only the wake-up can explain a prompt delivery.
    const dispatcher = startDispatcher({
      db: handle.db,
      appSecret: APP_SECRET,
      allowPrivate: true,
      retrySchedule: [0, 5],
      pollIntervalMs: 60_000,
      log: (event) => {
        log.push(event);
        if (event.event === 'webhook.attempt') arrived();
        if (event.event === 'webhook.idle') idled();
      },
    });
    try {
      await idle; // the first poll found nothing; the next one is a minute away
      const sent = await sendTestEvent(handle.db, 'sandbox', customerId, endpointId);
      expect(sent).not.toBeNull();
      await delivered;
      expect(receiver.received).toHaveLength(1);
      const [message] = receiver.received;
      expect(message!.path).toBe('/test');
      expect(JSON.parse(message!.body)).toMatchObject({
        id: sent!.eventId,
        type: 'webhook.test',
        data: { endpointId },
      });
      expect(verifyStandardWebhook(secret, message!.headers, message!.body, new Date())).toBe(true);
      expect(JSON.stringify(log)).not.toContain(secret.slice(6));

      expect(await sendTestEvent(handle.db, 'sandbox', customerId, 'ep_unknown')).toBeNull();
      expect(await sendTestEvent(handle.db, 'sandbox', await newCustomer(), endpointId)).toBeNull();
      await disableWebhookEndpoint(handle.db, 'sandbox', customerId, otherEndpoint);
      expect(await sendTestEvent(handle.db, 'sandbox', customerId, otherEndpoint)).toBeNull();
      notifyDispatcher();
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });
});
