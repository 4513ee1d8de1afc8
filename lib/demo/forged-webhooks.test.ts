import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { listInbox, receiveWebhook } from './inbox';

/**
 * The attack: anyone can POST to the demo's webhook receiver. A forged `device.disconnected` whose
 * reconnection link points at a phishing page must never reach the demo page.
 */

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const otherSecret = `whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`;

const forged = JSON.stringify({
  type: 'device.disconnected',
  data: { deviceId: 'dev_1', reconnectionUrl: 'https://phish.example/reconnect' },
});

function headersFor(id: string, body: string, key = secret, at = new Date()) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, body),
  };
}

const shown = (id: string) => listInbox().filter((e) => e.webhookId === id);

describe('the demo inbox drops what does not verify', () => {
  it.each([
    ['unsigned', { 'webhook-id': 'msg_forged_1' }],
    ['signed with another secret', headersFor('msg_forged_2', forged, otherSecret)],
    [
      'a signature of another body',
      headersFor('msg_forged_3', forged.replace('disconnected', 'connected')),
    ],
    [
      'a signature from long ago (replayed)',
      headersFor('msg_forged_4', forged, secret, new Date(Date.now() - 3600_000)),
    ],
  ])('%s: not shown, no link', (_, headers) => {
    const id = (headers as Record<string, string>)['webhook-id']!;
    receiveWebhook(forged, headers as Record<string, string>, secret, new Date());
    expect(shown(id)).toEqual([]);
    expect(JSON.stringify(listInbox())).not.toContain('phish.example');
  });

  it('a forged message cannot bump the delivery count of a genuine one', () => {
    const body = JSON.stringify({ type: 'device.connected', data: { deviceId: 'dev_2' } });
    receiveWebhook(body, headersFor('msg_real_1', body), secret, new Date());
    receiveWebhook(
      forged,
      { ...headersFor('msg_real_1', forged, otherSecret) },
      secret,
      new Date(),
    );
    expect(shown('msg_real_1')).toEqual([expect.objectContaining({ deliveries: 1 })]);
  });

  it('a genuine message is shown', () => {
    const body = JSON.stringify({ type: 'device.connected', data: { deviceId: 'dev_3' } });
    receiveWebhook(body, headersFor('msg_real_2', body), secret, new Date());
    expect(shown('msg_real_2')).toEqual([
      expect.objectContaining({ type: 'device.connected', data: { deviceId: 'dev_3' } }),
    ]);
  });
});
