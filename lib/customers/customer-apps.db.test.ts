import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbHandle } from '../db/client';
import { auditLog, customerApps } from '../db/schema';
import { openTestDb } from '../db/testing';
import type { CreateCustomerAppInput } from '.';
import {
  NotFoundError,
  ValidationError,
  createCustomer,
  createCustomerApp,
  getCustomerApp,
} from '.';

let handle: DbHandle;
let customerId: string;
beforeAll(async () => {
  handle = await openTestDb();
  ({ customerId } = await createCustomer(handle.db, { name: 'Apps Co' }));
});
afterAll(() => handle.close());

function appInput(overrides: Partial<CreateCustomerAppInput> = {}): CreateCustomerAppInput {
  return {
    customerId,
    appName: 'Heat Pump Buddy',
    redirectUrl: 'https://app.example.com/connected?src=aj',
    reconnectRedirectUrl: 'https://app.example.com/reconnected',
    ...overrides,
  };
}

describe('createCustomerApp', () => {
  it('stores the app with every OEM and the standard tier by default', async () => {
    const { appId } = await createCustomerApp(handle.db, appInput());
    expect(appId).toMatch(/^app_[0-9A-Za-z]{22}$/);
    const app = await getCustomerApp(handle.db, appId);
    expect(app).toMatchObject({
      id: appId,
      customerId,
      appName: 'Heat Pump Buddy',
      logoUrl: null,
      redirectUrl: 'https://app.example.com/connected?src=aj',
      reconnectRedirectUrl: 'https://app.example.com/reconnected',
      supportedOems: null,
      entitledTiers: ['standard'],
      customer: { id: customerId, name: 'Apps Co', liveEnabled: false },
    });
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.subjectId, appId));
    expect(audit).toMatchObject({ action: 'app.created', customerId, actor: 'admin-cli' });
  });

  it('keeps chosen OEMs (deduplicated), tiers, a logo and localhost http URLs', async () => {
    const { appId } = await createCustomerApp(
      handle.db,
      appInput({
        redirectUrl: 'http://localhost:5173/done',
        reconnectRedirectUrl: 'http://127.0.0.1:5173/again',
        logoUrl: 'https://cdn.example.com/logo.svg',
        supportedOems: ['volta', 'stellar', 'volta'],
        entitledTiers: ['standard', 'premium'],
      }),
      { actor: 'ops@example.com' },
    );
    const [row] = await handle.db.select().from(customerApps).where(eq(customerApps.id, appId));
    expect(row).toMatchObject({
      redirectUrl: 'http://localhost:5173/done',
      reconnectRedirectUrl: 'http://127.0.0.1:5173/again',
      logoUrl: 'https://cdn.example.com/logo.svg',
      supportedOems: ['volta', 'stellar'],
      entitledTiers: ['standard', 'premium'],
    });
  });

  const badUrls: Array<[string, string]> = [
    ['javascript:alert(document.cookie)', 'must be an absolute http(s) URL'],
    ['/relative/callback', 'must be an absolute http(s) URL'],
    ['ftp://files.example.com/cb', 'must be an absolute http(s) URL'],
    ['https://user:secret@app.example.com/cb', 'must not contain credentials'],
    ['https://app.example.com/cb#token', 'must not contain a fragment'],
    ['http://app.example.com/cb', 'must use https (http is allowed only for localhost)'],
  ];
  for (const field of ['redirectUrl', 'reconnectRedirectUrl', 'logoUrl'] as const) {
    it.each(badUrls)(`rejects ${field} %j`, async (url, reason) => {
      const error = await createCustomerApp(handle.db, appInput({ [field]: url })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field, reason, message: `Invalid ${field}: ${reason}` });
    });
  }

  it.each([
    [{ appName: '' }, 'appName'],
    [{ appName: 'x'.repeat(81) }, 'appName'],
    [{ supportedOems: ['volta', 'tesla'] }, 'supportedOems'],
    [{ supportedOems: [] }, 'supportedOems'],
    [{ supportedOems: ['Volta Motors'] }, 'supportedOems.0'],
    [{ entitledTiers: ['gold'] }, 'entitledTiers.0'],
    [{ entitledTiers: [] }, 'entitledTiers'],
  ])('rejects %j naming the field', async (overrides, field) => {
    const error = await createCustomerApp(handle.db, appInput(overrides as never)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it('rejects an unknown customer without writing anything', async () => {
    const before = await handle.db.select().from(customerApps);
    await expect(
      createCustomerApp(handle.db, appInput({ customerId: 'cus_missing' })),
    ).rejects.toThrow(new NotFoundError('Unknown customer cus_missing'));
    expect(await handle.db.select().from(customerApps)).toHaveLength(before.length);
  });
});

describe('getCustomerApp', () => {
  it('returns undefined for an unknown app', async () => {
    expect(await getCustomerApp(handle.db, 'app_nope')).toBeUndefined();
  });
});
