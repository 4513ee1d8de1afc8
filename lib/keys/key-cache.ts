import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { ApiPermission } from './permissions';

/**
 * In-process cache of key lookups, keyed by the key's SHA-256 hash, so that an authenticated request
 * costs no database round trip once its key is known. Entries live CACHE_TTL_MS; revoking a key through
 * this process drops its entry at once, while other instances (another server, the admin CLI's effect on
 * a running server) see a revocation, or a change of the key's rate or its customer's plan, within
 * CACHE_TTL_MS. Unknown hashes are cached too (bounded), so a
 * flood of well-formed but invented keys cannot turn into a flood of queries.
 */

export const CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export interface KeyRecord {
  keyId: string;
  customerId: string;
  environment: Environment;
  permissions: ApiPermission[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  liveEnabled: boolean;
  /** The key's own requests/s, if lower than its plan's. */
  rateLimit: number | null;
  /** The customer's plan terms (live keys). */
  terms: { rateLimit: number; monthlyQuota: number };
}

interface Entry {
  record: KeyRecord | null;
  storedAt: number;
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Bumped by every `delete`: a lookup that began before a revocation (or a change of rate) must not
   * store the record it read, which may predate the change, after the change dropped the entry.
   */
  private deletions = 0;
  /** When this process last wrote lastUsedAt for a key id. */
  readonly lastTouched = new Map<string, number>();

  /** Taken before a database lookup and handed to `set` with its result. */
  get generation(): number {
    return this.deletions;
  }

  get(hash: string, now: Date): { record: KeyRecord | null } | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    const age = now.getTime() - entry.storedAt;
    // A clock that went backwards counts as expired too.
    if (age < 0 || age >= CACHE_TTL_MS) {
      this.entries.delete(hash);
      return undefined;
    }
    return { record: entry.record };
  }

  /** Stores a lookup's result, unless an entry was deleted since `generation` was taken. */
  set(hash: string, record: KeyRecord | null, now: Date, generation = this.deletions): void {
    if (generation !== this.deletions) return;
    this.entries.delete(hash);
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { record, storedAt: now.getTime() });
  }

  delete(hash: string): void {
    this.deletions++;
    this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}

// On globalThis: Next's bundles hold their own copy of this module, and a key revoked from the
// dashboard (a server action) must leave the API's cache at once, not after CACHE_TTL_MS.
const cachesKey = Symbol.for('auth-journey.key-caches');
const caches: WeakMap<Db, KeyCache> = ((globalThis as Record<symbol, unknown>)[cachesKey] ??=
  new WeakMap<Db, KeyCache>()) as WeakMap<Db, KeyCache>;

/** The cache of one database (tests open several databases in one process). */
export function keyCacheFor(db: Db): KeyCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new KeyCache();
    caches.set(db, cache);
  }
  return cache;
}
