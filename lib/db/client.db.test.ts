import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbHandle } from './client';
import { checkDatabase } from './client';
import { customers, sandbox, live } from './schema';
import { openTestDb } from './testing';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

describe('migrated schema', () => {
  it('answers the readiness query', async () => {
    await expect(checkDatabase(handle.db)).resolves.toBeUndefined();
  });

  it('keeps sandbox and live rows apart', async () => {
    const { db } = handle;
    await db.insert(customers).values({ id: 'cus_1', name: 'Acme' });
    await db.insert(sandbox.endUsers).values({ id: 'eu_1', customerId: 'cus_1', userId: 'u1' });
    expect(await db.select().from(sandbox.endUsers)).toHaveLength(1);
    expect(await db.select().from(live.endUsers)).toHaveLength(0);
    const [row] = await db.select().from(customers).where(eq(customers.id, 'cus_1'));
    expect(row?.liveEnabled).toBe(false);
  });
});
