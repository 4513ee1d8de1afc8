import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { apiKeys, customers } from '../db/schema';
import { recordKeyAudit } from './audit';
import type { KeyRecord } from './key-cache';
import { keyCacheFor } from './key-cache';
import { environmentOfKey, hashApiKey, parseApiKey } from './key-format';
import type { ApiPermission } from './permissions';
import { isApiPermission } from './permissions';

/** lastUsedAt is written at most this often per key and process. */
export const LAST_USED_INTERVAL_MS = 60_000;

export interface VerifiedApiKey {
  keyId: string;
  customerId: string;
  environment: Environment;
  permissions: readonly ApiPermission[];
  /** The key's own requests/s (null = its plan's or the sandbox rate). */
  rateLimit: number | null;
  /** The customer's plan terms, which apply to live keys (see lib/usage/plans). */
  terms: { rateLimit: number; monthlyQuota: number };
}

export type KeyFailureCode = 'INVALID_API_KEY' | 'EXPIRED_TOKEN' | 'LIVE_ACCESS_DISABLED';

export type VerifyApiKeyResult =
  { ok: true; key: VerifiedApiKey } | { ok: false; code: KeyFailureCode };

export interface VerifyOptions {
  /** Receives failures of the background lastUsedAt write (never the key). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * Checks a presented key: the cached record of its hash, else format and checksum (no database) and
 * then the stored record:
 * unknown or revoked → INVALID_API_KEY, past expiry → EXPIRED_TOKEN, live key of a customer without live
 * access → LIVE_ACCESS_DISABLED. On success, lastUsedAt is refreshed in the background.
 */
export async function verifyApiKey(
  db: Db,
  key: string,
  now: Date = new Date(),
  options: VerifyOptions = {},
): Promise<VerifyApiKeyResult> {
  // The hash first: a key already looked up (known or unknown) costs this one digest and a map read.
  const hash = hashApiKey(key);
  const cache = keyCacheFor(db);
  const cached = cache.get(hash, now);
  if (cached) return decide(db, key, cached.record, now, options);
  // Format and checksum before the lookup: a mistyped or invented key never reaches the database
  // (and is not cached, so it cannot crowd out real keys).
  if (!parseApiKey(key)) return { ok: false, code: 'INVALID_API_KEY' };
  // Taken before the query: a revocation committed while it runs keeps its result out of the cache.
  const generation = cache.generation;
  const record = await findKeyRecord(db, hash);
  cache.set(hash, record, now, generation);
  return decide(db, key, record, now, options);
}

/**
 * verifyApiKey without the database: the same answer when the key's hash is in this process's cache,
 * undefined when it is not (the caller then awaits verifyApiKey). For the device-read fast path.
 */
export function verifyCachedApiKey(
  db: Db,
  key: string,
  now: Date,
  options: VerifyOptions = {},
): VerifyApiKeyResult | undefined {
  const cached = keyCacheFor(db).get(hashApiKey(key), now);
  return cached && decide(db, key, cached.record, now, options);
}

function decide(
  db: Db,
  key: string,
  record: KeyRecord | null,
  now: Date,
  options: VerifyOptions,
): VerifyApiKeyResult {
  if (!record || record.environment !== environmentOfKey(key) || record.revokedAt) {
    return { ok: false, code: 'INVALID_API_KEY' };
  }
  if (record.expiresAt && record.expiresAt <= now) return { ok: false, code: 'EXPIRED_TOKEN' };
  if (record.environment === 'live' && !record.liveEnabled) {
    return { ok: false, code: 'LIVE_ACCESS_DISABLED' };
  }
  scheduleLastUsed(db, record, now, options);
  return {
    ok: true,
    key: {
      keyId: record.keyId,
      customerId: record.customerId,
      environment: record.environment,
      permissions: record.permissions,
      rateLimit: record.rateLimit,
      terms: record.terms,
    },
  };
}

async function findKeyRecord(db: Db, hash: string): Promise<KeyRecord | null> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      customerId: apiKeys.customerId,
      environment: apiKeys.environment,
      permissions: apiKeys.permissions,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      liveEnabled: customers.liveEnabled,
      rateLimit: apiKeys.rateLimit,
      terms: { rateLimit: customers.rateLimit, monthlyQuota: customers.monthlyQuota },
    })
    .from(apiKeys)
    .innerJoin(customers, eq(customers.id, apiKeys.customerId))
    .where(eq(apiKeys.hash, hash));
  if (!row) return null;
  return { ...row, permissions: row.permissions.filter(isApiPermission) };
}

const pending = new Set<Promise<void>>();

/** Awaits the background lastUsedAt writes started so far (tests, graceful shutdown). */
export async function flushKeyUsage(): Promise<void> {
  while (pending.size > 0) await Promise.all(pending);
}

/** Off the request's critical path: at most one write per key and minute from this process. */
function scheduleLastUsed(db: Db, record: KeyRecord, now: Date, options: VerifyOptions): void {
  const cache = keyCacheFor(db);
  const last = cache.lastTouched.get(record.keyId);
  if (last !== undefined && now.getTime() - last < LAST_USED_INTERVAL_MS && now.getTime() >= last) {
    return;
  }
  cache.lastTouched.set(record.keyId, now.getTime());
  const write = recordKeyUse(db, record, now).catch((error: unknown) => {
    options.onBackgroundError?.(error);
  });
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Sets lastUsedAt; the first use ever (decided atomically in the database) also gets an audit row. */
async function recordKeyUse(db: Db, record: KeyRecord, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const first = await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, record.keyId), isNull(apiKeys.lastUsedAt)))
      .returning({ id: apiKeys.id });
    if (first.length > 0) {
      await recordKeyAudit(tx, {
        action: 'key.first_used',
        keyId: record.keyId,
        customerId: record.customerId,
        environment: record.environment,
        actor: `key:${record.keyId}`,
        at: now,
      });
      return;
    }
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, record.keyId), lt(apiKeys.lastUsedAt, now)));
  });
}
