import { describe, expect, it } from 'vitest';
import type { KeyRecord } from './key-cache';
import { CACHE_TTL_MS, KeyCache } from './key-cache';

const record: KeyRecord = {
  keyId: 'key_1',
  customerId: 'cus_1',
  environment: 'sandbox',
  permissions: ['devices:read'],
  expiresAt: null,
  revokedAt: null,
  liveEnabled: false,
  rateLimit: null,
  terms: { rateLimit: 10, monthlyQuota: 1000 },
};
const t0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('KeyCache', () => {
  it('serves an entry for CACHE_TTL_MS, unknown keys included, and not after', () => {
    const cache = new KeyCache();
    cache.set('h1', record, t0);
    cache.set('h2', null, t0);
    expect(cache.get('h1', at(CACHE_TTL_MS - 1))).toEqual({ record });
    expect(cache.get('h2', at(CACHE_TTL_MS - 1))).toEqual({ record: null });
    expect(cache.get('h1', at(CACHE_TTL_MS))).toBeUndefined();
    // A clock that went backwards does not extend an entry.
    cache.set('h3', record, t0);
    expect(cache.get('h3', at(-1))).toBeUndefined();
  });

  it('drops an entry on delete (revocation, a changed rate) at once', () => {
    const cache = new KeyCache();
    cache.set('h1', record, t0);
    cache.delete('h1');
    expect(cache.get('h1', t0)).toBeUndefined();
  });

  it('does not store a lookup that began before a delete (a revocation racing a lookup)', () => {
    const cache = new KeyCache();
    // A request starts looking the key up…
    const generation = cache.generation;
    // …the key is revoked meanwhile (its entry was not there yet)…
    cache.delete('h1');
    // …and the lookup, which read the row before the revocation, comes back.
    cache.set('h1', record, t0, generation);
    expect(cache.get('h1', t0)).toBeUndefined();
    // A lookup begun after the delete is stored as usual.
    cache.set('h1', { ...record, revokedAt: t0 }, t0, cache.generation);
    expect(cache.get('h1', t0)?.record?.revokedAt).toEqual(t0);
  });
});
