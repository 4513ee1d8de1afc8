import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { parseConfig } from '../../lib/config';
import type { DbHandle } from '../../lib/db/client';
import { apiKeys, auditLog, sandbox } from '../../lib/db/schema';
import { openTestDb } from '../../lib/db/testing';
import { getCustomer, getCustomerApp } from '../../lib/customers';
import { verifyApiKey } from '../../lib/keys';
import { CliError } from './cli-error';
import { runAdminCommand } from './commands';

const config = parseConfig({
  APP_SECRET: 'a'.repeat(40),
  PUBLIC_BASE_URL: 'http://localhost:3000',
});
const now = new Date('2026-11-23T10:00:00Z');

let handle: DbHandle;
let customerId: string;
beforeAll(async () => {
  handle = await openTestDb();
  ({ customerId } = (await run(['customer:create', '--name', 'CLI Co'])) as { customerId: string });
});
afterAll(() => handle.close());

function run(argv: string[]) {
  return runAdminCommand(handle.db, argv, config, { now });
}

async function failure(argv: string[]): Promise<string> {
  const error = await run(argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return (error as Error).message;
}

describe('customer commands', () => {
  it('customer:create makes a sandbox-only customer, or a live one with --live-enabled', async () => {
    const customer = await getCustomer(handle.db, customerId);
    expect(customer).toMatchObject({ name: 'CLI Co', liveEnabled: false });
    const live = (await run(['customer:create', '--name', 'Live Co', '--live-enabled'])) as {
      customerId: string;
    };
    expect((await getCustomer(handle.db, live.customerId))?.liveEnabled).toBe(true);
    const [audit] = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, live.customerId));
    expect(audit?.actor).toBe('admin-cli');
  });

  it('customer:update prints the customer with merged caps', async () => {
    await run(['customer:update', '--customer', customerId, '--oem-cap', 'volta=5']);
    const printed = await run([
      'customer:update',
      '--customer',
      customerId,
      '--live-enabled',
      'true',
      '--global-cap',
      '100',
      '--oem-cap',
      'stellar=2',
      '--oem-cap',
      'volta=7',
    ]);
    expect(printed).toMatchObject({
      customerId,
      name: 'CLI Co',
      liveEnabled: true,
      globalCap: 100,
      oemCaps: { volta: 7, stellar: 2 },
    });
    expect(printed).not.toHaveProperty('id');
    expect(
      await run(['customer:update', '--customer', customerId, '--global-cap', 'none']),
    ).toMatchObject({
      globalCap: null,
      liveEnabled: true,
    });
    await run(['customer:update', '--customer', customerId, '--live-enabled', 'false']);
    expect((await getCustomer(handle.db, customerId))?.liveEnabled).toBe(false);
  });

  it('customer:update names the problem', async () => {
    expect(
      await failure(['customer:update', '--customer', 'cus_nope', '--live-enabled', 'true']),
    ).toBe('Unknown customer cus_nope');
    expect(
      await failure(['customer:update', '--customer', customerId, '--oem-cap', 'tesla=1']),
    ).toBe('Invalid --oem-cap: unknown OEM "tesla"');
    expect(
      await failure(['customer:update', '--customer', customerId, '--global-cap', '9999999999']),
    ).toBe('Invalid --global-cap: is too large');
  });
});

describe('plans', () => {
  it('customer:update --plan applies the published terms, or custom ones given with it', async () => {
    const { customerId: id } = (await run(['customer:create', '--name', 'Plan Co'])) as {
      customerId: string;
    };
    // A new customer is on Starter.
    expect(await getCustomer(handle.db, id)).toMatchObject({
      plan: 'starter',
      rateLimit: 10,
      monthlyQuota: 100_000,
    });
    expect(await run(['customer:update', '--customer', id, '--plan', 'pro'])).toMatchObject({
      customerId: id,
      plan: 'pro',
      rateLimit: 100,
      monthlyQuota: 1_000_000,
    });
    expect(
      await run([
        'customer:update',
        '--customer',
        id,
        '--plan',
        'pro',
        '--monthly-quota',
        '2000000',
      ]),
    ).toMatchObject({ plan: 'pro', rateLimit: 100, monthlyQuota: 2_000_000 });
    expect(await failure(['customer:update', '--customer', id, '--plan', 'enterprise'])).toBe(
      'Invalid --rate: is required for the enterprise plan',
    );
    expect(
      await failure(['customer:update', '--customer', id, '--plan', 'enterprise', '--rate', '500']),
    ).toBe('Invalid --monthly-quota: is required for the enterprise plan');
    expect(
      await run([
        'customer:update',
        '--customer',
        id,
        '--plan',
        'enterprise',
        '--rate',
        '500',
        '--monthly-quota',
        '50000000',
      ]),
    ).toMatchObject({ plan: 'enterprise', rateLimit: 500, monthlyQuota: 50_000_000 });
    // Already on Enterprise: one term changes alone, the other is kept.
    expect(
      await run(['customer:update', '--customer', id, '--monthly-quota', '60000000']),
    ).toMatchObject({ plan: 'enterprise', rateLimit: 500, monthlyQuota: 60_000_000 });
    expect(await run(['customer:update', '--customer', id, '--plan', 'starter'])).toMatchObject({
      plan: 'starter',
      rateLimit: 10,
      monthlyQuota: 100_000,
    });
    const audit = await handle.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.details.plan).filter(Boolean)).toEqual([
      'pro',
      'pro',
      'enterprise',
      'enterprise',
      'starter',
    ]);
    expect(await failure(['customer:update', '--customer', 'cus_nope', '--plan', 'pro'])).toBe(
      'Unknown customer cus_nope',
    );
  });
});

describe('app:create', () => {
  const base = (customer: string) => [
    'app:create',
    '--customer',
    customer,
    '--name',
    'Solar Pal',
    '--redirect-url',
    'https://pal.example.com/done',
    '--reconnect-redirect-url',
    'https://pal.example.com/again',
  ];

  it('registers an app with OEMs, tiers and a logo', async () => {
    const { appId } = (await run([
      ...base(customerId),
      '--logo-url',
      'https://pal.example.com/logo.png',
      '--oems',
      'helios, stellar',
      '--tiers',
      'standard,premium',
    ])) as { appId: string };
    expect(appId).toMatch(/^app_/);
    expect(await getCustomerApp(handle.db, appId)).toMatchObject({
      customerId,
      appName: 'Solar Pal',
      logoUrl: 'https://pal.example.com/logo.png',
      supportedOems: ['helios', 'stellar'],
      entitledTiers: ['standard', 'premium'],
    });
  });

  it('registers a brand colour and the origins that may embed the journey, normalised', async () => {
    const { appId } = (await run([
      ...base(customerId),
      '--primary-color',
      '#0F766E',
      '--allowed-origins',
      'https://Pal.example.com,http://localhost:5173,https://pal.example.com:443',
    ])) as { appId: string };
    expect(await getCustomerApp(handle.db, appId)).toMatchObject({
      primaryColor: '#0f766e',
      allowedOrigins: ['https://pal.example.com', 'http://localhost:5173'],
    });
    const { appId: plain } = (await run(base(customerId))) as { appId: string };
    expect(await getCustomerApp(handle.db, plain)).toMatchObject({
      primaryColor: null,
      allowedOrigins: [],
    });
  });

  it.each([
    ['--redirect-url', 'javascript:alert(1)', 'must be an absolute http(s) URL'],
    [
      '--primary-color',
      '#7dd3fc',
      "has a contrast of 1.66:1 with the button's white text; it needs at least 4.5:1 (choose a darker colour)",
    ],
    ['--primary-color', 'teal', 'must be a hex colour such as #0f766e'],
    ['--allowed-origins', 'https://*.pal.example.com', 'must be an exact origin (no wildcards)'],
    [
      '--allowed-origins',
      'https://pal.example.com/embed',
      'must be an origin such as https://app.example.com (no path or query)',
    ],
    [
      '--allowed-origins',
      'http://pal.example.com',
      'must use https (http is allowed only for localhost)',
    ],
    [
      '--redirect-url',
      'http://pal.example.com/done',
      'must use https (http is allowed only for localhost)',
    ],
    ['--reconnect-redirect-url', 'https://u:p@pal.example.com/', 'must not contain credentials'],
    ['--logo-url', 'https://pal.example.com/logo.png#x', 'must not contain a fragment'],
    ['--oems', 'volta,tesla', 'unknown OEM "tesla"'],
    ['--tiers', 'gold', 'must be "standard" or "premium"'],
    ['--name', 'x'.repeat(81), 'must be at most 80 characters'],
  ])('rejects %s %j naming the flag', async (flag, value, reason) => {
    const argv = [...base(customerId)];
    const at = argv.indexOf(flag);
    if (at >= 0) argv[at + 1] = value;
    else argv.push(flag, value);
    expect(await failure(argv)).toBe(`Invalid ${flag}: ${reason}`);
  });

  it('rejects an unknown customer', async () => {
    expect(await failure(base('cus_nope'))).toBe('Unknown customer cus_nope');
  });
});

describe('key commands', () => {
  it('key:create returns a working key once, key:revoke revokes it', async () => {
    const created = (await run([
      'key:create',
      '--customer',
      customerId,
      '--env',
      'sandbox',
      '--name',
      'ci',
      '--expires-at',
      '2027-01-31',
    ])) as { keyId: string; key: string };
    expect(created.key).toMatch(/^amps_sk_test_/);
    expect(await verifyApiKey(handle.db, created.key, now)).toMatchObject({ ok: true });
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, created.keyId));
    expect(row).toMatchObject({ name: 'ci', expiresAt: new Date('2027-01-31T00:00:00Z') });
    expect(JSON.stringify(row)).not.toContain(created.key);

    expect(await run(['key:revoke', '--key-id', created.keyId])).toEqual({
      keyId: created.keyId,
      revokedAt: now,
    });
    expect(await verifyApiKey(handle.db, created.key, now)).toMatchObject({
      ok: false,
    });
  });

  it("key:create --rate and key:update --rate set a key's own rate; the lower one applies", async () => {
    const created = (await run([
      'key:create',
      '--customer',
      customerId,
      '--env',
      'sandbox',
      '--rate',
      '3',
    ])) as { keyId: string; key: string };
    const rateOf = async () =>
      (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, created.keyId)))[0]?.rateLimit;
    expect(await rateOf()).toBe(3);
    expect(await run(['key:update', '--key-id', created.keyId, '--rate', '5'])).toEqual({
      keyId: created.keyId,
      rateLimit: 5,
      effectiveRateLimit: 5,
    });
    // Above the sandbox rate (25/s here): stored, but the sandbox rate applies.
    expect(await run(['key:update', '--key-id', created.keyId, '--rate', '50'])).toEqual({
      keyId: created.keyId,
      rateLimit: 50,
      effectiveRateLimit: 25,
    });
    expect(await run(['key:update', '--key-id', created.keyId, '--rate', 'none'])).toEqual({
      keyId: created.keyId,
      rateLimit: null,
      effectiveRateLimit: 25,
    });
    expect(await rateOf()).toBeNull();
    const audit = await handle.db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.subjectId, created.keyId));
    expect(audit.filter((a) => a.action === 'key.updated').map((a) => a.details)).toEqual([
      { rateLimit: { from: 3, to: 5 } },
      { rateLimit: { from: 5, to: 50 } },
      { rateLimit: { from: 50, to: null } },
    ]);
    expect(await failure(['key:update', '--key-id', 'key_nope', '--rate', '1'])).toBe(
      'Unknown API key key_nope',
    );
    await run(['key:revoke', '--key-id', created.keyId]);
    expect(await failure(['key:update', '--key-id', created.keyId, '--rate', '1'])).toBe(
      `API key ${created.keyId} is revoked`,
    );
  });

  it('key:create makes live keys', async () => {
    const { key } = (await run(['key:create', '--customer', customerId, '--env', 'live'])) as {
      key: string;
    };
    expect(key).toMatch(/^amps_sk_live_/);
  });

  it('names the problem', async () => {
    expect(await failure(['key:create', '--customer', 'cus_nope', '--env', 'sandbox'])).toBe(
      'Unknown customer cus_nope',
    );
    expect(
      await failure([
        'key:create',
        '--customer',
        customerId,
        '--env',
        'sandbox',
        '--expires-at',
        '2026-11-23T09:00:00Z',
      ]),
    ).toBe('Invalid --expires-at: must be in the future');
    expect(await failure(['key:revoke', '--key-id', 'key_nope'])).toBe('Unknown API key key_nope');
  });
});

describe('webhook:create', () => {
  it('registers a sandbox endpoint and returns its whsec_ secret', async () => {
    const created = (await run([
      'webhook:create',
      '--customer',
      customerId,
      '--env',
      'sandbox',
      '--url',
      'http://127.0.0.1:9999/hooks',
    ])) as { endpointId: string; secret: string };
    expect(created.secret).toMatch(/^whsec_/);
    const [row] = await handle.db
      .select()
      .from(sandbox.webhookEndpoints)
      .where(eq(sandbox.webhookEndpoints.id, created.endpointId));
    expect(row).toMatchObject({ customerId, url: 'http://127.0.0.1:9999/hooks' });
  });

  it('names the problem', async () => {
    expect(
      await failure([
        'webhook:create',
        '--customer',
        'cus_nope',
        '--env',
        'sandbox',
        '--url',
        'http://127.0.0.1/x',
      ]),
    ).toBe('Unknown customer cus_nope');
    expect(
      await failure([
        'webhook:create',
        '--customer',
        customerId,
        '--env',
        'live',
        '--url',
        'http://127.0.0.1/x',
      ]),
    ).toBe('Live webhook URLs must use https://.');
    expect(
      await failure([
        'webhook:create',
        '--customer',
        customerId,
        '--env',
        'sandbox',
        '--url',
        'not a url',
      ]),
    ).toBe('The URL is not a valid absolute URL.');
  });
});

describe('help', () => {
  it('returns the usage', async () => {
    expect(await run(['help'])).toHaveProperty(
      'usage',
      'npm run admin -- <command> [--flag value]...',
    );
  });
});
