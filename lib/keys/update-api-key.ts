import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { apiKeys } from '../db/schema';
import { MAX_RATE_LIMIT } from '../usage/plans';
import { recordKeyAudit } from './audit';
import { InvalidKeyInputError } from './errors';
import { keyCacheFor } from './key-cache';

/** A key's own rate: whole requests per second, at least 1. */
export const keyRateLimitSchema = z
  .number()
  .int('must be a whole number of requests per second')
  .min(1, 'must be at least 1 request per second')
  .max(MAX_RATE_LIMIT, `must be at most ${MAX_RATE_LIMIT} requests per second`);

/**
 * Gives a key its own rate (requests/s), or with `null` returns it to its plan's rate. The lower of the
 * key's rate and its plan's applies, so a key can be slowed below its plan but never sped past it. This
 * process applies the change at once; other instances within CACHE_TTL_MS. Null for an unknown key id;
 * InvalidKeyInputError for a revoked key or a bad rate.
 */
export async function setApiKeyRateLimit(
  db: Db,
  keyId: string,
  rateLimit: number | null,
  options: { now?: Date; actor?: string } = {},
): Promise<{
  keyId: string;
  customerId: string;
  environment: Environment;
  rateLimit: number | null;
} | null> {
  if (rateLimit !== null) {
    const parsed = keyRateLimitSchema.safeParse(rateLimit);
    if (!parsed.success) {
      throw new InvalidKeyInputError(
        `Invalid API key input: rateLimit: ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
      );
    }
  }
  const now = options.now ?? new Date();
  const updated = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({
        hash: apiKeys.hash,
        customerId: apiKeys.customerId,
        environment: apiKeys.environment,
        rateLimit: apiKeys.rateLimit,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.id, keyId))
      .for('update');
    if (!existing) return null;
    if (existing.revokedAt) throw new InvalidKeyInputError(`API key ${keyId} is revoked`);
    await tx.update(apiKeys).set({ rateLimit }).where(eq(apiKeys.id, keyId));
    await recordKeyAudit(tx, {
      action: 'key.updated',
      keyId,
      customerId: existing.customerId,
      environment: existing.environment,
      actor: options.actor ?? 'admin',
      at: now,
      details: { rateLimit: { from: existing.rateLimit, to: rateLimit } },
    });
    return existing;
  });
  if (!updated) return null;
  keyCacheFor(db).delete(updated.hash);
  return { keyId, customerId: updated.customerId, environment: updated.environment, rateLimit };
}
