import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { parseConfig } from '../config';
import type { DbHandle } from '../db/client';
import { apiKeys, auditLog, customerApps, customers, sandbox } from '../db/schema';
import { openTestDb } from '../db/testing';
import { getCustomerApp } from '../customers';
import { flushKeyUsage, verifyApiKey } from '../keys';
import {
  DEMO_APP_ID,
  DEMO_CUSTOMER_ID,
  demoWebhookUrl,
  ensureDemoSeed,
  getDemoWebhookSecret,
} from '.';

const SECRET = 's'.repeat(40);
const config = parseConfig({ APP_SECRET: SECRET, PUBLIC_BASE_URL: 'http://localhost:3000' });
const now = new Date('2026-11-23T10:00:00Z');

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

async function counts() {
  const { db } = handle;
  return {
    customers: (await db.select().from(customers)).length,
    apps: (await db.select().from(customerApps)).length,
    keys: (await db.select().from(apiKeys)).length,
    endpoints: (await db.select().from(sandbox.webhookEndpoints)).length,
    audit: (await db.select().from(auditLog)).length,
  };
}

describe('ensureDemoSeed', () => {
  let first: Awaited<ReturnType<typeof ensureDemoSeed>>;

  it('creates the demo data once, even when two instances start together', async () => {
    const results = await Promise.all([
      ensureDemoSeed(handle.db, config, now),
      ensureDemoSeed(handle.db, config, now),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.apiKey !== undefined)).toHaveLength(1);
    first = results.find((r) => r.created)!;
    const other = results.find((r) => !r.created)!;
    expect(other.webhookEndpointId).toBe(first.webhookEndpointId);
    expect(other.webhookSecret).toBe(first.webhookSecret);
    expect(await counts()).toEqual({ customers: 1, apps: 1, keys: 1, endpoints: 1, audit: 3 });
  });

  it('seeds the demo customer and app pointing at the demo page', async () => {
    expect(first).toMatchObject({ customerId: 'cus_demo', appId: 'app_demo' });
    expect(await getCustomerApp(handle.db, DEMO_APP_ID)).toMatchObject({
      appName: 'Demo Energy App',
      redirectUrl: 'http://localhost:3000/',
      reconnectRedirectUrl: 'http://localhost:3000/',
      supportedOems: null,
      entitledTiers: ['standard', 'premium'],
      customer: { id: DEMO_CUSTOMER_ID, name: 'Demo Energy Co', liveEnabled: false },
    });
  });

  it('returns a working sandbox API key', async () => {
    expect(first.apiKey).toMatch(/^amps_sk_test_/);
    const verified = await verifyApiKey(handle.db, first.apiKey!, now);
    // Its first use writes lastUsedAt and a key.first_used audit row in the background: let it land
    // here, not during a later test's counts.
    await flushKeyUsage();
    expect(verified).toMatchObject({ ok: true });
    expect(JSON.stringify(verified)).toContain(DEMO_CUSTOMER_ID);
    const [row] = await handle.db.select().from(apiKeys);
    expect(row).toMatchObject({ customerId: DEMO_CUSTOMER_ID, environment: 'sandbox' });
  });

  it('registers the demo receiver with a recoverable signing secret', async () => {
    const [endpoint] = await handle.db.select().from(sandbox.webhookEndpoints);
    expect(endpoint).toMatchObject({
      id: first.webhookEndpointId,
      customerId: DEMO_CUSTOMER_ID,
      url: 'http://localhost:3000/demo/webhooks',
      enabled: true,
    });
    expect(first.webhookSecret).toMatch(/^whsec_/);
    expect(JSON.stringify(endpoint)).not.toContain(first.webhookSecret!.slice(6));
    const secret = await getDemoWebhookSecret(handle.db, config);
    expect(secret).toBe(first.webhookSecret);
    // The recovered secret produces the same signatures as the original (what the receiver checks).
    const body = '{"type":"webhook.test"}';
    const signature = new Webhook(first.webhookSecret!).sign('msg_1', now, body);
    expect(new Webhook(secret!).sign('msg_1', now, body)).toBe(signature);
  });

  it('creates nothing on a second start and does not show the key again', async () => {
    const before = await counts();
    const again = await ensureDemoSeed(handle.db, config, now);
    expect(again).toEqual({
      created: false,
      customerId: DEMO_CUSTOMER_ID,
      appId: DEMO_APP_ID,
      webhookEndpointId: first.webhookEndpointId,
      webhookSecret: first.webhookSecret,
    });
    expect(await counts()).toEqual(before);
  });

  it('follows a changed PUBLIC_BASE_URL without duplicating the endpoint', async () => {
    const moved = parseConfig({ APP_SECRET: SECRET, PUBLIC_BASE_URL: 'http://127.0.0.1:4000' });
    const before = await counts();
    const result = await ensureDemoSeed(handle.db, moved, now);
    expect(result.webhookEndpointId).toBe(first.webhookEndpointId);
    expect(result.webhookSecret).toBe(first.webhookSecret);
    expect(await counts()).toEqual(before);
    const app = await getCustomerApp(handle.db, DEMO_APP_ID);
    expect(app?.redirectUrl).toBe('http://127.0.0.1:4000/');
    const [endpoint] = await handle.db.select().from(sandbox.webhookEndpoints);
    expect(endpoint?.url).toBe(demoWebhookUrl(moved));
    expect(await getDemoWebhookSecret(handle.db, moved)).toBe(first.webhookSecret);
    // The old base no longer has a demo endpoint.
    expect(await getDemoWebhookSecret(handle.db, config)).toBeUndefined();
  });

  it('replaces an endpoint whose secret was sealed under a previous APP_SECRET', async () => {
    const rotated = parseConfig({
      APP_SECRET: 'r'.repeat(40),
      PUBLIC_BASE_URL: 'http://127.0.0.1:4000',
    });
    const result = await ensureDemoSeed(handle.db, rotated, now);
    expect(result.webhookEndpointId).not.toBe(first.webhookEndpointId);
    expect(result.webhookSecret).toMatch(/^whsec_/);
    expect(result.webhookSecret).not.toBe(first.webhookSecret);
    expect(await getDemoWebhookSecret(handle.db, rotated)).toBe(result.webhookSecret);
    const [old] = await handle.db
      .select()
      .from(sandbox.webhookEndpoints)
      .where(eq(sandbox.webhookEndpoints.id, first.webhookEndpointId!));
    expect(old?.deletedAt).toBeInstanceOf(Date);
  });

  it('still seeds when PUBLIC_BASE_URL cannot receive webhooks (private address)', async () => {
    const lan = parseConfig({
      APP_SECRET: SECRET,
      PUBLIC_BASE_URL: 'http://10.1.2.3:3000',
      DEMO: 'on',
    });
    const result = await ensureDemoSeed(handle.db, lan, now);
    expect(result.webhookSecret).toBeUndefined();
    expect(result.webhookError).toMatch(/public internet addresses/);
    expect((await getCustomerApp(handle.db, DEMO_APP_ID))?.redirectUrl).toBe(
      'http://10.1.2.3:3000/',
    );
  });

  it('registers no demo webhook endpoint when the demo is off', async () => {
    const hosted = parseConfig({ APP_SECRET: SECRET, PUBLIC_BASE_URL: 'https://aj.example.com' });
    expect(hosted.demo).toBe(false);
    const result = await ensureDemoSeed(handle.db, hosted, now);
    expect(result.webhookEndpointId).toBeUndefined();
    expect(result.webhookSecret).toBeUndefined();
    const urls = (await handle.db.select().from(sandbox.webhookEndpoints)).map((e) => e.url);
    expect(urls).not.toContain('https://aj.example.com/demo/webhooks');
  });
});
