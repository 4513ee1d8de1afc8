import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { apiKeys, auditLog, customers } from '../db/schema';
import { openTestDb } from '../db/testing';
import { InvalidKeyInputError, NotFoundError } from './errors';
import { CACHE_TTL_MS } from './key-cache';
import { hashApiKey } from './key-format';
import { createApiKey, flushKeyUsage, revokeApiKey, verifyApiKey } from './index';

let handle: DbHandle;
const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  handle = await openTestDb();
  await handle.db.insert(customers).values([
    { id: 'cus_keys', name: 'Keys Co', liveEnabled: true },
    { id: 'cus_nolive', name: 'Sandbox Only' },
  ]);
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

async function auditFor(keyId: string) {
  return handle.db
    .select({ action: auditLog.action, details: auditLog.details, actor: auditLog.actor })
    .from(auditLog)
    .where(eq(auditLog.subjectId, keyId))
    .orderBy(auditLog.id);
}

describe('createApiKey', () => {
  it('stores only the hash and display prefix, with all permissions by default, and audits', async () => {
    const { keyId, key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'sandbox', name: 'ci' },
      t0,
    );
    expect(key).toMatch(/^amps_sk_test_/);
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row).toMatchObject({
      customerId: 'cus_keys',
      environment: 'sandbox',
      hash: hashApiKey(key),
      prefix: key.slice(0, 17),
      name: 'ci',
      permissions: [
        'devices:read',
        'devices:write',
        'journeys:write',
        'webhooks:manage',
        'usage:read',
      ],
      rateLimit: null,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(JSON.stringify(row)).not.toContain(key);
    const audit = await auditFor(keyId);
    expect(audit.map((a) => a.action)).toEqual(['key.created']);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('throws NotFoundError for an unknown customer and rejects bad input', async () => {
    await expect(
      createApiKey(handle.db, { customerId: 'cus_x', environment: 'sandbox' }, t0),
    ).rejects.toThrow(new NotFoundError('Unknown customer cus_x'));
    await expect(
      createApiKey(
        handle.db,
        { customerId: 'cus_keys', environment: 'sandbox', expiresAt: t0 },
        t0,
      ),
    ).rejects.toBeInstanceOf(InvalidKeyInputError);
    await expect(
      createApiKey(
        handle.db,
        // @ts-expect-error: an unknown permission is rejected at run time too
        { customerId: 'cus_keys', environment: 'sandbox', permissions: ['devices:delete'] },
        t0,
      ),
    ).rejects.toBeInstanceOf(InvalidKeyInputError);
    await expect(
      // @ts-expect-error: an unknown environment is rejected at run time too
      createApiKey(handle.db, { customerId: 'cus_keys', environment: 'prod' }, t0),
    ).rejects.toBeInstanceOf(InvalidKeyInputError);
  });
});

describe('verifyApiKey', () => {
  it('accepts a valid key and records first use once, then lastUsedAt at most once a minute', async () => {
    const { keyId, key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'live', permissions: ['devices:read'] },
      t0,
    );
    const result = await verifyApiKey(handle.db, key, at(1000));
    expect(result).toEqual({
      ok: true,
      key: {
        keyId,
        customerId: 'cus_keys',
        environment: 'live',
        permissions: ['devices:read'],
        rateLimit: null,
        // A new customer is on Starter.
        terms: { rateLimit: 10, monthlyQuota: 100_000 },
      },
    });
    await verifyApiKey(handle.db, key, at(2000));
    await flushKeyUsage();
    const lastUsed = async () =>
      (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, keyId)))[0]?.lastUsedAt;
    expect(await lastUsed()).toEqual(at(1000));
    await verifyApiKey(handle.db, key, at(61_000));
    await flushKeyUsage();
    expect(await lastUsed()).toEqual(at(61_000));
    const actions = (await auditFor(keyId)).map((a) => a.action);
    expect(actions).toEqual(['key.created', 'key.first_used']);
  });

  it('rejects malformed and unknown keys as INVALID_API_KEY', async () => {
    const { key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'sandbox' },
      t0,
    );
    expect(await verifyApiKey(handle.db, 'nope', t0)).toEqual({
      ok: false,
      code: 'INVALID_API_KEY',
    });
    // The last character changed (never to itself: a key may already end in `x`).
    const tampered = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    expect(await verifyApiKey(handle.db, tampered, t0)).toEqual({
      ok: false,
      code: 'INVALID_API_KEY',
    });
    // Well-formed (valid checksum) but never issued.
    await handle.db.delete(apiKeys).where(eq(apiKeys.hash, hashApiKey(key)));
    expect(await verifyApiKey(handle.db, key, at(CACHE_TTL_MS * 10))).toEqual({
      ok: false,
      code: 'INVALID_API_KEY',
    });
  });

  it('reports EXPIRED_TOKEN at and after expiry', async () => {
    const { key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'sandbox', expiresAt: at(10_000) },
      t0,
    );
    expect((await verifyApiKey(handle.db, key, at(9_999))).ok).toBe(true);
    expect(await verifyApiKey(handle.db, key, at(10_000))).toEqual({
      ok: false,
      code: 'EXPIRED_TOKEN',
    });
  });

  it('reports LIVE_ACCESS_DISABLED for a live key of a customer without live access', async () => {
    const live = await createApiKey(
      handle.db,
      { customerId: 'cus_nolive', environment: 'live' },
      t0,
    );
    const sandbox = await createApiKey(
      handle.db,
      { customerId: 'cus_nolive', environment: 'sandbox' },
      t0,
    );
    expect(await verifyApiKey(handle.db, live.key, t0)).toEqual({
      ok: false,
      code: 'LIVE_ACCESS_DISABLED',
    });
    expect((await verifyApiKey(handle.db, sandbox.key, t0)).ok).toBe(true);
  });

  it('serves known keys from the cache for CACHE_TTL_MS, then reads the database again', async () => {
    const { keyId, key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'sandbox' },
      t0,
    );
    expect((await verifyApiKey(handle.db, key, at(0))).ok).toBe(true);
    // Revoked by another process (a direct write): this process still trusts its cache within the TTL.
    await handle.db
      .update(apiKeys)
      .set({ revokedAt: at(1) })
      .where(eq(apiKeys.id, keyId));
    expect((await verifyApiKey(handle.db, key, at(CACHE_TTL_MS - 1))).ok).toBe(true);
    expect(await verifyApiKey(handle.db, key, at(CACHE_TTL_MS))).toEqual({
      ok: false,
      code: 'INVALID_API_KEY',
    });
  });
});

describe('revokeApiKey', () => {
  it('soft-deletes, invalidates this process at once, audits once and is idempotent', async () => {
    const { keyId, key } = await createApiKey(
      handle.db,
      { customerId: 'cus_keys', environment: 'sandbox' },
      t0,
    );
    expect((await verifyApiKey(handle.db, key, at(0))).ok).toBe(true);
    // The first use is audited in the background; let it land before the revocation it preceded.
    await flushKeyUsage();
    expect(await revokeApiKey(handle.db, keyId, at(5))).toEqual({ keyId, revokedAt: at(5) });
    expect(await verifyApiKey(handle.db, key, at(6))).toEqual({
      ok: false,
      code: 'INVALID_API_KEY',
    });
    expect(await revokeApiKey(handle.db, keyId, at(50))).toEqual({ keyId, revokedAt: at(5) });
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row?.revokedAt).toEqual(at(5));
    await flushKeyUsage();
    const actions = (await auditFor(keyId)).map((a) => a.action);
    expect(actions).toEqual(['key.created', 'key.first_used', 'key.revoked']);
    const revokedRows = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, keyId), eq(auditLog.action, 'key.revoked')));
    expect(revokedRows).toHaveLength(1);
  });

  it('returns null for an unknown key id', async () => {
    expect(await revokeApiKey(handle.db, 'key_unknown', t0)).toBeNull();
  });
});
