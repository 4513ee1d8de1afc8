import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbHandle } from '../db/client';
import { customerApps } from '../db/schema';
import { openTestDb } from '../db/testing';
import { APP_CACHE_TTL_MS, getCustomerAppCached } from './app-cache';
import { createCustomer, updateCustomer } from './customers';
import { createCustomerApp } from './customer-apps';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

const T0 = new Date('2026-05-04T10:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

async function makeApp() {
  const { customerId } = await createCustomer(handle.db, { name: 'Cache Energy' });
  const { appId } = await createCustomerApp(handle.db, {
    customerId,
    appName: 'Before',
    redirectUrl: 'https://app.example.test/cb',
    reconnectRedirectUrl: 'https://app.example.test/re',
  });
  return { customerId, appId };
}

describe('the Customer App cache', () => {
  it('answers from memory within its lifetime, and reads again after it', async () => {
    const { appId } = await makeApp();
    expect((await getCustomerAppCached(handle.db, appId, T0))?.appName).toBe('Before');
    // A change the cache cannot see (another process): seen once the entry has expired.
    await handle.db
      .update(customerApps)
      .set({ appName: 'After' })
      .where(eq(customerApps.id, appId));
    expect((await getCustomerAppCached(handle.db, appId, after(1)))?.appName).toBe('Before');
    expect((await getCustomerAppCached(handle.db, appId, after(APP_CACHE_TTL_MS)))?.appName).toBe(
      'After',
    );
    // A clock that went backwards reads again.
    await handle.db
      .update(customerApps)
      .set({ appName: 'Again' })
      .where(eq(customerApps.id, appId));
    expect((await getCustomerAppCached(handle.db, appId, after(-1)))?.appName).toBe('Again');
  });

  it('a customer change made through this process is seen at once', async () => {
    const { customerId, appId } = await makeApp();
    expect((await getCustomerAppCached(handle.db, appId, T0))?.customer.liveEnabled).toBe(false);
    await updateCustomer(handle.db, { customerId, liveEnabled: true });
    expect((await getCustomerAppCached(handle.db, appId, after(1)))?.customer.liveEnabled).toBe(
      true,
    );
  });

  it('does not remember unknown apps', async () => {
    expect(await getCustomerAppCached(handle.db, 'app_missing', T0)).toBeUndefined();
  });
});
