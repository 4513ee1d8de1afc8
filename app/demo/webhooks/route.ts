import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { receiveWebhook } from '@/lib/demo/inbox';
import { getDemoWebhookSecret } from '@/lib/seed';

export const dynamic = 'force-dynamic';

/**
 * The demo app's webhook receiver (only with DEMO=on): verifies the Standard Webhooks signature and
 * records the event; a message that does not verify is answered 400 and dropped.
 */
export async function POST(request: Request): Promise<Response> {
  const config = getConfig();
  if (!config.demo) return new Response('Not found', { status: 404 });
  const body = await request.text();
  if (body.length > 256 * 1024) return new Response('Payload too large', { status: 413 });
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    headers[name] = request.headers.get(name) ?? '';
  }
  const secret = await getDemoWebhookSecret(await getDb(), config);
  const result = receiveWebhook(body, headers, secret, new Date());
  return new Response(null, { status: result.verified ? 204 : 400 });
}
