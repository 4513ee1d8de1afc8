import type { Db } from '../db/client';
import type { CustomerAppWithCustomer } from './customer-apps';
import { getCustomerApp } from './customer-apps';
import { appCacheGeneration } from './app-cache-generation';

export { invalidateCustomerApps } from './app-cache-generation';

/**
 * In-process cache of Customer Apps with their customer, for the journey: every step needs the app
 * (its OEMs, tiers, names and redirect URLs) and its customer (live access, caps), and they almost
 * never change. A change made through this process (updateCustomer) invalidates every entry at
 * once; other processes (another instance, the admin CLI against a running server) are seen within
 * APP_CACHE_TTL_MS. Unknown apps are not cached.
 */

export const APP_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  app: CustomerAppWithCustomer;
  storedAt: number;
  generation: number;
}

/** Per database (tests open many), so that one database's rows never answer for another's. */
const caches = new WeakMap<Db, Map<string, Entry>>();

export async function getCustomerAppCached(
  db: Db,
  appId: string,
  now: Date,
): Promise<CustomerAppWithCustomer | undefined> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const entry = cache.get(appId);
  const age = entry ? now.getTime() - entry.storedAt : -1;
  // A clock that went backwards counts as expired too.
  if (entry && entry.generation === appCacheGeneration() && age >= 0 && age < APP_CACHE_TTL_MS) {
    return entry.app;
  }
  const generation = appCacheGeneration();
  const app = await getCustomerApp(db, appId);
  cache.delete(appId);
  if (!app) return undefined;
  if (cache.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  // An invalidation during the read leaves the row it read uncached.
  if (generation === appCacheGeneration())
    cache.set(appId, { app, storedAt: now.getTime(), generation });
  return app;
}
