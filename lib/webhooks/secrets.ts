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

/**
 * The `webhook-signature` header value: one `v1,<base64>` signature per secret, space-separated, so
 * receivers keep verifying with either secret while a rotation is in progress.
 */
export function signWebhook(
  secrets: readonly string[],
  messageId: string,
  timestamp: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}
