import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decryptSecret, encryptSecret } from '../crypto';

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Secrets are stored encrypted, bound to their endpoint so a row cannot be swapped onto another. */
export function sealWebhookSecret(secret: string, appSecret: string, endpointId: string): string {
  return encryptSecret(secret, appSecret, endpointId);
}

export function openWebhookSecrets(
  sealed: readonly string[],
  appSecret: string,
  endpointId: string,
): string[] {
  return sealed.map((s) => decryptSecret(s, appSecret, endpointId));
}

/** Opened secrets kept per process: a delivery's endpoint is usually one of a few busy ones. */
const SIGNER_CACHE_SIZE = 1000;

/**
 * Signs deliveries: opens each endpoint's sealed secrets once and keeps them ready (at most
 * `SIGNER_CACHE_SIZE` endpoints, least recently used dropped), so a delivery costs an HMAC, not a
 * decryption and a key import. A rotation or a new APP_SECRET changes the sealed values and so the key.
 * Returns the `webhook-signature` header value: one `v1,<base64>` signature per secret, space-separated,
 * so receivers keep verifying with either secret while a rotation is in progress.
 */
export function createSigner(appSecret: string) {
  const cache = new Map<string, Webhook[]>();
  return (
    endpointId: string,
    sealed: readonly string[],
    messageId: string,
    timestamp: Date,
    body: string,
  ): string => {
    const key = `${endpointId}\0${sealed.join('\0')}`;
    let webhooks = cache.get(key);
    if (webhooks) cache.delete(key);
    else webhooks = openWebhookSecrets(sealed, appSecret, endpointId).map((s) => new Webhook(s));
    cache.set(key, webhooks);
    if (cache.size > SIGNER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return webhooks.map((webhook) => webhook.sign(messageId, timestamp, body)).join(' ');
  };
}
