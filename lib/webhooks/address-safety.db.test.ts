import { describe, expect, it } from 'vitest';
import {
  createWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  WebhookUrlError,
} from './index';
import { APP_SECRET, useDispatcherTestbed } from './dispatcher-testbed';

const { db, newCustomer, startTestReceiver, dispatcher, enqueue } = useDispatcherTestbed();

describe('address safety', () => {
  it('refuses loopback and private targets for live endpoints at creation', async () => {
    const customerId = await newCustomer();
    const create = (url: string, resolve?: (h: string) => Promise<string[]>) =>
      createWebhookEndpoint(db(), 'live', { customerId, url }, { appSecret: APP_SECRET, resolve });
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
    expect(await listWebhookEndpoints(db(), 'live', customerId)).toEqual([]);
  });

  it('re-checks at send time after DNS resolution and never connects to a rebound address', async () => {
    const customerId = await newCustomer();
    const receiver = await startTestReceiver();
    await createWebhookEndpoint(
      db(),
      'live',
      { customerId, url: `https://hooks.example.com:${receiver.port}/hook` },
      { appSecret: APP_SECRET, resolve: async () => ['93.184.216.34'] },
    );
    await enqueue(customerId, undefined, 'live');
    // DNS now points the name at loopback, where a receiver is listening.
    await dispatcher({ resolve: async () => ['127.0.0.1'] }).tick();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await listDeliveries(db(), 'live', customerId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, attempts: 1 });
    expect(delivery!.lastError).toBe('blocked_address');
  });
});
