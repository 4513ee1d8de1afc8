import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { DbHandle } from '../db/client';
import { auditLog, customers } from '../db/schema';
import { openTestDb } from '../db/testing';
import { NotFoundError, ValidationError, createCustomer, getCustomer, updateCustomer } from '.';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

async function auditFor(subjectId: string) {
  return handle.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId));
}

describe('createCustomer', () => {
  it('creates a sandbox-only customer with a cus_ id and records who did it', async () => {
    const { customerId } = await createCustomer(handle.db, { name: '  Acme Energy ' });
    expect(customerId).toMatch(/^cus_[0-9A-Za-z]{22}$/);
    expect(await getCustomer(handle.db, customerId)).toMatchObject({
      id: customerId,
      name: 'Acme Energy',
      liveEnabled: false,
      globalCap: null,
      oemCaps: {},
    });
    const [audit] = await auditFor(customerId);
    expect(audit).toMatchObject({ action: 'customer.created', actor: 'admin-cli', customerId });
  });

  it('takes liveEnabled and an explicit actor', async () => {
    const { customerId } = await createCustomer(
      handle.db,
      { name: 'Live Co', liveEnabled: true },
      { actor: 'seed' },
    );
    expect((await getCustomer(handle.db, customerId))?.liveEnabled).toBe(true);
    expect((await auditFor(customerId))[0]?.actor).toBe('seed');
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(121) }, 'name'],
    [{ name: 'A', liveEnabled: 'yes' }, 'liveEnabled'],
    [{ name: 'A', plan: 'gold' }, 'plan'],
  ])('rejects %j naming the field', async (input, field) => {
    const error = await createCustomer(handle.db, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).toContain(field);
  });

  it('returns undefined for an unknown customer', async () => {
    expect(await getCustomer(handle.db, 'cus_nope')).toBeUndefined();
  });
});

describe('updateCustomer', () => {
  it('sets live access and the global cap, merges OEM caps, and audits each change', async () => {
    const { customerId } = await createCustomer(handle.db, { name: 'Caps Co' });
    await updateCustomer(handle.db, { customerId, oemCaps: { volta: 10, stellar: 3 } });
    const updated = await updateCustomer(handle.db, {
      customerId,
      liveEnabled: true,
      globalCap: 50,
      oemCaps: { volta: 12, ampere: 0 },
    });
    expect(updated).toMatchObject({
      liveEnabled: true,
      globalCap: 50,
      oemCaps: { volta: 12, stellar: 3, ampere: 0 },
    });
    expect(await getCustomer(handle.db, customerId)).toEqual(updated);

    const cleared = await updateCustomer(handle.db, { customerId, globalCap: null });
    expect(cleared.globalCap).toBeNull();
    expect(cleared.oemCaps).toEqual({ volta: 12, stellar: 3, ampere: 0 });

    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, customerId), eq(auditLog.action, 'customer.updated')));
    expect(rows).toHaveLength(3);
  });

  it('returns the customer unchanged when nothing is asked, without an audit row', async () => {
    const { customerId } = await createCustomer(handle.db, { name: 'Still Co' });
    const same = await updateCustomer(handle.db, { customerId });
    expect(same.name).toBe('Still Co');
    expect(await auditFor(customerId)).toHaveLength(1);
  });

  it('throws NotFoundError for an unknown customer, with or without changes', async () => {
    await expect(
      updateCustomer(handle.db, { customerId: 'cus_x', liveEnabled: true }),
    ).rejects.toThrow(new NotFoundError('Unknown customer cus_x'));
    await expect(updateCustomer(handle.db, { customerId: 'cus_x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it.each([
    [{ globalCap: -1 }, 'globalCap'],
    [{ globalCap: 1.5 }, 'globalCap'],
    [{ globalCap: Number.NaN }, 'globalCap'],
    [{ oemCaps: { volta: -2 } }, 'oemCaps.volta'],
    [{ oemCaps: { volta: 2.5 } }, 'oemCaps.volta'],
    [{ oemCaps: { nosuchoem: 1 } }, 'oemCaps'],
    [{ liveEnabled: 'true' }, 'liveEnabled'],
  ])('rejects %j naming the field and leaves the row alone', async (change, field) => {
    const { customerId } = await createCustomer(handle.db, { name: 'Bad Input Co' });
    const error = await updateCustomer(handle.db, { customerId, ...change } as never).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    const [row] = await handle.db.select().from(customers).where(eq(customers.id, customerId));
    expect(row).toMatchObject({ liveEnabled: false, globalCap: null, oemCaps: {} });
  });
});
