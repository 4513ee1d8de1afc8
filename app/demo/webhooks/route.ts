import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { receiveWebhook } from '@/lib/demo/inbox';
import { getDemoWebhookSecret } from '@/lib/seed';

export const dynamic = 'force-dynamic';

/** The demo app's webhook receiver: verifies the Standard Webhooks signature and records the event. */
export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  if (body.length > 256 * 1024) return new Response('Payload too large', { status: 413 });
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    headers[name] = request.headers.get(name) ?? '';
  }
  const config = getConfig();
  const secret = await getDemoWebhookSecret(await getDb(), config);
  const entry = receiveWebhook(body, headers, secret, new Date());
  return new Response(null, { status: entry.verified ? 204 : 400 });
}
