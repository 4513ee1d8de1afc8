import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { DeviceRow } from './queries/devices';
import { findDeviceForCustomer } from './queries/devices';

/**
 * A micro-cache for single-device reads. The embedded database (PGlite) runs on the server's own thread
 * at roughly a millisecond per query, which caps device reads far below what the HTTP layer can serve;
 * polling clients hit the same few devices over and over. So a device row is kept for `ttlMs` (default
 * 1 s) after it was read:
 * - only rows that exist are kept: a device registered a moment ago is visible at once;
 * - concurrent reads of the same device share one query (the pending promise is the entry);
 * - the key includes environment and customer, so nothing can leak across either;
 * - this process's own writes through the API (sandbox disconnect) drop the entry; changes made elsewhere
 *   (journeys, other instances) are visible within ttlMs. The simulated state is computed per request.
 */

const MAX_ENTRIES = 10_000;

interface Entry {
  row: Promise<DeviceRow | undefined>;
  /** The row once the query answered (only rows that exist stay in the cache). */
  found?: DeviceRow;
  storedAt: number;
}

export interface DeviceReader {
  find(
    db: Db,
    environment: Environment,
    customerId: string,
    deviceId: string,
    now: Date,
  ): Promise<DeviceRow | undefined>;
  /**
   * The row `find` would answer, when it is already in memory and fresh; undefined otherwise (not read
   * yet, still being read, expired, or the cache is off). No query: for the device-read fast path.
   */
  peek(
    environment: Environment,
    customerId: string,
    deviceId: string,
    now: Date,
  ): DeviceRow | undefined;
  invalidate(environment: Environment, customerId: string, deviceId: string): void;
}

export function createDeviceReader(ttlMs: number): DeviceReader {
  if (ttlMs <= 0) {
    return {
      find: (db, environment, customerId, deviceId) =>
        findDeviceForCustomer(db, environment, customerId, deviceId),
      peek: () => undefined,
      invalidate: () => {},
    };
  }
  const entries = new Map<string, Entry>();
  const keyOf = (environment: Environment, customerId: string, deviceId: string) =>
    `${environment}\0${customerId}\0${deviceId}`;

  return {
    find(db, environment, customerId, deviceId, now) {
      const key = keyOf(environment, customerId, deviceId);
      const at = now.getTime();
      const hit = entries.get(key);
      if (hit && at >= hit.storedAt && at - hit.storedAt < ttlMs) return hit.row;
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      const row = findDeviceForCustomer(db, environment, customerId, deviceId);
      const entry: Entry = { row, storedAt: at };
      entries.set(key, entry);
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      row.then((found) => {
        if (found) entry.found = found;
        else forget();
      }, forget);
      return row;
    },
    peek(environment, customerId, deviceId, now) {
      const hit = entries.get(keyOf(environment, customerId, deviceId));
      const at = now.getTime();
      return hit && at >= hit.storedAt && at - hit.storedAt < ttlMs ? hit.found : undefined;
    },
    invalidate(environment, customerId, deviceId) {
      entries.delete(keyOf(environment, customerId, deviceId));
    },
  };
}
