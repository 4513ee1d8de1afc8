import { and, count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { randomId } from '../crypto';
import type { Db, Tx } from '../db/client';
import { customers, tablesFor } from '../db/schema';
import type { Environment } from '../db/schema';
import { generateWebhookSecret, sealWebhookSecret } from './secrets';
import type { WebhookEndpointSummary } from './types';
import { checkWebhookUrl, WebhookUrlError } from './url-check';
import type { ResolveHost } from './url-check';
import { failPendingDeliveries } from './deliveries';

const createInputSchema = z.object({ customerId: z.string().min(1), url: z.string().min(1) });

export class WebhookCustomerError extends Error {
  override name = 'WebhookCustomerError';
}

/** Endpoints (not deleted) a customer may have in one environment (docs/webhooks.md). */
export const MAX_WEBHOOK_ENDPOINTS = 20;

/** The customer already has MAX_WEBHOOK_ENDPOINTS endpoints in the environment. */
export class WebhookEndpointLimitError extends Error {
  override name = 'WebhookEndpointLimitError';
  constructor(environment: Environment) {
    super(
      `At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints per environment (${environment}); delete one first.`,
    );
  }
}

/**
 * Registers an endpoint for a customer in one environment and returns its signing secret — the only
 * time the secret is shown. Throws WebhookUrlError for a URL the environment may not use.
 */
export async function createWebhookEndpoint(
  db: Db | Tx,
  environment: Environment,
  input: { customerId: string; url: string },
  deps: { appSecret: string; resolve?: ResolveHost; allowPrivate?: boolean },
): Promise<{ endpointId: string; secret: string }> {
  const parsed = createInputSchema.safeParse(input);
  if (!parsed.success) throw new WebhookUrlError('A customer id and a URL are required.');
  const url = await checkWebhookUrl(parsed.data.url, environment, {
    resolve: deps.resolve,
    allowPrivate: deps.allowPrivate,
  });
  const t = tablesFor(environment).webhookEndpoints;
  return db.transaction(async (tx) => {
    // The customer row is locked so that concurrent creations count one after the other.
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, parsed.data.customerId))
      .for('update');
    if (!customer) throw new WebhookCustomerError(`Unknown customer ${parsed.data.customerId}`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(t)
      .where(and(eq(t.customerId, parsed.data.customerId), isNull(t.deletedAt)));
    if (n >= MAX_WEBHOOK_ENDPOINTS) throw new WebhookEndpointLimitError(environment);
    const endpointId = randomId('ep');
    const secret = generateWebhookSecret();
    await tx.insert(t).values({
      id: endpointId,
      customerId: parsed.data.customerId,
      url: url.toString(),
      secrets: [sealWebhookSecret(secret, deps.appSecret, endpointId)],
    });
    return { endpointId, secret };
  });
}

export async function listWebhookEndpoints(
  db: Db,
  environment: Environment,
  customerId: string,
): Promise<WebhookEndpointSummary[]> {
  const t = tablesFor(environment).webhookEndpoints;
  const rows = await db
    .select({
      endpointId: t.id,
      url: t.url,
      enabled: t.enabled,
      disabledReason: t.disabledReason,
      createdAt: t.createdAt,
    })
    .from(t)
    .where(and(eq(t.customerId, customerId), isNull(t.deletedAt)))
    .orderBy(t.createdAt, t.id);
  return rows;
}

/**
 * Disables an endpoint: nothing more is sent to it and its pending deliveries are marked failed (they
 * stay replayable). Used by customers and by the dispatcher on `410 Gone`.
 */
export async function disableWebhookEndpoint(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
  reason = 'disabled by customer',
): Promise<boolean> {
  const t = tablesFor(environment).webhookEndpoints;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(t)
      .set({ enabled: false, disabledReason: reason })
      .where(and(eq(t.id, endpointId), eq(t.customerId, customerId), isNull(t.deletedAt)))
      .returning({ id: t.id });
    if (updated.length === 0) return false;
    await failPendingDeliveries(tx, environment, endpointId, 'endpoint_disabled');
    return true;
  });
}

/** Re-enables a disabled endpoint; later events are delivered to it again. */
export async function enableWebhookEndpoint(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
): Promise<boolean> {
  const t = tablesFor(environment).webhookEndpoints;
  const updated = await db
    .update(t)
    .set({ enabled: true, disabledReason: null })
    .where(and(eq(t.id, endpointId), eq(t.customerId, customerId), isNull(t.deletedAt)))
    .returning({ id: t.id });
  return updated.length > 0;
}

/** Deletes an endpoint. The row is kept (soft delete) because its delivery log refers to it. */
export async function deleteWebhookEndpoint(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
): Promise<boolean> {
  const t = tablesFor(environment).webhookEndpoints;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(t)
      .set({ enabled: false, disabledReason: 'deleted', deletedAt: new Date() })
      .where(and(eq(t.id, endpointId), eq(t.customerId, customerId), isNull(t.deletedAt)))
      .returning({ id: t.id });
    if (updated.length === 0) return false;
    await failPendingDeliveries(tx, environment, endpointId, 'endpoint_deleted');
    return true;
  });
}

export type SecretRotationResult =
  { ok: true; secret: string } | { ok: false; code: 'ENDPOINT_NOT_FOUND' | 'ROTATION_IN_PROGRESS' };

/**
 * Starts a secret rotation: adds a second secret. Until one of the two is removed, every message
 * carries a signature for each, so the receiver can switch over at its own pace.
 */
export async function addWebhookSecret(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
  deps: { appSecret: string },
): Promise<SecretRotationResult> {
  const t = tablesFor(environment).webhookEndpoints;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ secrets: t.secrets })
      .from(t)
      .where(and(eq(t.id, endpointId), eq(t.customerId, customerId), isNull(t.deletedAt)))
      .for('update');
    if (!row) return { ok: false, code: 'ENDPOINT_NOT_FOUND' } as const;
    if (row.secrets.length >= 2) return { ok: false, code: 'ROTATION_IN_PROGRESS' } as const;
    const secret = generateWebhookSecret();
    await tx
      .update(t)
      .set({ secrets: [...row.secrets, sealWebhookSecret(secret, deps.appSecret, endpointId)] })
      .where(eq(t.id, endpointId));
    return { ok: true, secret } as const;
  });
}

/**
 * Ends a rotation: `which: 'old'` drops the original secret (rotation complete), `'new'` drops the added
 * one (rotation cancelled). Returns false when the endpoint does not exist or has a single secret.
 */
export async function removeWebhookSecret(
  db: Db,
  environment: Environment,
  customerId: string,
  endpointId: string,
  which: 'old' | 'new',
): Promise<boolean> {
  const t = tablesFor(environment).webhookEndpoints;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ secrets: t.secrets })
      .from(t)
      .where(and(eq(t.id, endpointId), eq(t.customerId, customerId), isNull(t.deletedAt)))
      .for('update');
    if (!row || row.secrets.length < 2) return false;
    const kept = which === 'old' ? row.secrets.slice(1) : row.secrets.slice(0, 1);
    await tx.update(t).set({ secrets: kept }).where(eq(t.id, endpointId));
    return true;
  });
}
