import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiKeys } from '../db/schema';
import { recordKeyAudit } from './audit';
import { keyCacheFor } from './key-cache';

/**
 * Revokes a key: a soft delete (revokedAt) so the key's audit trail and usage stay queryable.
 * Idempotent: revoking a revoked key returns its original revocation time. Null for an unknown key id.
 * Other processes holding the key in their cache see the revocation within CACHE_TTL_MS.
 */
export async function revokeApiKey(
  db: Db,
  keyId: string,
  now: Date = new Date(),
  actor = 'admin',
): Promise<{ keyId: string; revokedAt: Date } | null> {
  const result = await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({
        hash: apiKeys.hash,
        customerId: apiKeys.customerId,
        environment: apiKeys.environment,
      });
    if (revoked) {
      await recordKeyAudit(tx, {
        action: 'key.revoked',
        keyId,
        customerId: revoked.customerId,
        environment: revoked.environment,
        actor,
        at: now,
      });
      return { hash: revoked.hash, revokedAt: now };
    }
    const [existing] = await tx
      .select({ hash: apiKeys.hash, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, keyId));
    return existing?.revokedAt ? { hash: existing.hash, revokedAt: existing.revokedAt } : null;
  });
  if (!result) return null;
  keyCacheFor(db).delete(result.hash);
  return { keyId, revokedAt: result.revokedAt };
}
