import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearInbox, listInbox, receiveWebhook } from './inbox';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

function signed(id: string, body: string, at = new Date()) {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

describe('demo inbox', () => {
  beforeEach(() => {
    clearInbox();
  });

  it('verifies a signed message and deduplicates on webhook-id', () => {
    const body = JSON.stringify({ type: 'device.connected', data: { deviceId: 'dev_1' } });
    const first = receiveWebhook(body, signed('msg_1', body), secret, new Date());
    expect(first).toMatchObject({
      verified: true,
      entry: { type: 'device.connected', deliveries: 1 },
    });
    const again = receiveWebhook(body, signed('msg_1', body), secret, new Date());
    expect(again.verified && again.entry.deliveries).toBe(2);
    expect(listInbox().filter((e) => e.webhookId === 'msg_1')).toHaveLength(1);
  });

  it('drops a message whose body was edited, saying why', () => {
    const body = JSON.stringify({ type: 'device.connected', data: {} });
    const headers = signed('msg_2', body);
    const entry = receiveWebhook(
      body.replace('connected', 'reconnected'),
      headers,
      secret,
      new Date(),
    );
    expect(entry.verified).toBe(false);
    expect(!entry.verified && entry.error).toBeTruthy();
    expect(listInbox()).toEqual([]);
  });
});
