import { Webhook } from 'standardwebhooks';

/**
 * The demo app's webhook inbox: what the built-in demo page received, with the signature check
 * result. It stands in for a customer's server, so it lives in memory (last 100 messages) and is
 * shared through globalThis by the route that receives and the page that shows.
 */
export interface InboxEntry {
  webhookId: string;
  receivedAt: string;
  deliveries: number;
  type: string;
  data: Record<string, unknown>;
}

/** What the receiver made of a message: kept (and verified), or dropped with the reason. */
export type ReceiveResult =
  { verified: true; entry: InboxEntry } | { verified: false; error: string };

const key = Symbol.for('auth-journey.demo-inbox');
type GlobalWithInbox = typeof globalThis & { [key]?: InboxEntry[] };

function entries(): InboxEntry[] {
  const g = globalThis as GlobalWithInbox;
  g[key] ??= [];
  return g[key];
}

export function listInbox(): InboxEntry[] {
  return [...entries()].reverse();
}

/** Empties the inbox (tests). */
export function clearInbox(): void {
  entries().length = 0;
}

/**
 * Receives a message as a customer's server should: the Standard Webhooks signature is checked
 * first, and a message that does not verify is dropped (never shown, never counted), so nobody can
 * post a forged event — say a `device.disconnected` with a link of their choosing — into the demo.
 */
export function receiveWebhook(
  body: string,
  headers: Record<string, string>,
  secret: string | undefined,
  now: Date,
): ReceiveResult {
  let payload: { type?: unknown; data?: unknown };
  try {
    if (!secret) throw new Error('No demo webhook secret configured');
    payload = new Webhook(secret).verify(body, headers) as typeof payload;
  } catch (e) {
    return { verified: false, error: e instanceof Error ? e.message : 'verification failed' };
  }
  const list = entries();
  const webhookId = headers['webhook-id'] ?? '';
  const existing = list.find((e) => e.webhookId === webhookId);
  if (existing) {
    // Receivers deduplicate on webhook-id: a retry or replay is counted, not shown twice.
    existing.deliveries++;
    return { verified: true, entry: existing };
  }
  const entry: InboxEntry = {
    webhookId,
    receivedAt: now.toISOString(),
    deliveries: 1,
    type: typeof payload.type === 'string' ? payload.type : 'unknown',
    data:
      payload.data && typeof payload.data === 'object'
        ? (payload.data as Record<string, unknown>)
        : {},
  };
  list.push(entry);
  if (list.length > 100) list.splice(0, list.length - 100);
  return { verified: true, entry };
}

/**
 * The demo app's receiver as the dispatcher calls it in this process (no network, no address policy):
 * verifies like the HTTP route and answers 204, or 400 for a message that does not verify.
 */
export function demoInboxReceiver(
  secret: string,
  clock: () => Date = () => new Date(),
): (request: { headers: Record<string, string>; body: string }) => number {
  return ({ headers, body }) =>
    receiveWebhook(body, headers, secret, clock()).verified ? 204 : 400;
}
