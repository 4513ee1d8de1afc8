import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { sandbox } from '../db/schema';
import { addWebhookSecret, removeWebhookSecret } from './index';
import { verifyStandardWebhook } from './testing';
import { APP_SECRET, useDispatcherTestbed } from './dispatcher-testbed';

const { db, setup, dispatcher, enqueue } = useDispatcherTestbed();

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
    const [row] = await db()
      .select()
      .from(sandbox.webhookEndpoints)
      .where(eq(sandbox.webhookEndpoints.id, endpointId));
    expect(JSON.stringify(row!.secrets)).not.toContain(secret.slice(6));

    const rotation = await addWebhookSecret(db(), 'sandbox', customerId, endpointId, {
      appSecret: APP_SECRET,
    });
    if (!rotation.ok) throw new Error(rotation.code);
    const again = await addWebhookSecret(db(), 'sandbox', customerId, endpointId, {
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

    expect(await removeWebhookSecret(db(), 'sandbox', customerId, endpointId, 'old')).toBe(true);
    await enqueue(customerId, now);
    await d.tick();
    const second = receiver.received[1]!;
    const h2 = second.headers as Record<string, string>;
    expect(h2['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verifyStandardWebhook(secret, h2, second.body, now)).toBe(false);
    expect(verifyStandardWebhook(rotation.secret, h2, second.body, now)).toBe(true);
    expect(await removeWebhookSecret(db(), 'sandbox', customerId, endpointId, 'old')).toBe(false);
  });
});
