import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Tx } from '../db/client';
import type { WebhookEndpoint } from '../db/schema';
import { customerApps, customers, sandbox } from '../db/schema';
import { recordCustomerAudit } from '../customers';
import { createApiKey } from '../keys';
import { WebhookUrlError, createWebhookEndpoint, deleteWebhookEndpoint } from '../webhooks';
// Not re-exported by lib/webhooks: the demo receiver is the one place that needs a stored secret back.
import { openWebhookSecrets } from '../webhooks/secrets';

export const DEMO_CUSTOMER_ID = 'cus_demo';
export const DEMO_CUSTOMER_NAME = 'Demo Energy Co';
export const DEMO_APP_ID = 'app_demo';
export const DEMO_APP_NAME = 'Demo Energy App';
const SEED_ACTOR = 'seed';
/** Serialises seeding when several instances start at once on one PostgreSQL. */
const SEED_LOCK_KEY = 7264019;

export interface DemoSeed {
  /** True on the start that created the demo customer (and its key). */
  created: boolean;
  customerId: string;
  appId: string;
  /** The demo sandbox API key: only on the start that created it, so the server prints it once. */
  apiKey?: string;
  /** The demo webhook endpoint and its signing secret, for the demo page's receiver. */
  webhookEndpointId?: string;
  webhookSecret?: string;
  /** Why there is no demo webhook endpoint (PUBLIC_BASE_URL not usable as a sandbox webhook URL). */
  webhookError?: string;
}

/** Where the demo page receives the demo app's webhooks. */
export function demoWebhookUrl(config: Pick<Config, 'publicBaseUrl'>): string {
  return `${config.publicBaseUrl}/demo/webhooks`;
}

/** The demo app's redirect target: the built-in demo page at `/`. */
function demoRedirectUrl(config: Pick<Config, 'publicBaseUrl'>): string {
  return `${config.publicBaseUrl}/`;
}

/**
 * First-start demo data, idempotent: the demo customer `cus_demo`, its app `app_demo` (every OEM,
 * standard and premium tiers, redirecting to the demo page), one sandbox API key (created with the
 * customer, returned only then), and a sandbox webhook endpoint pointing at the demo page's receiver.
 * Later starts create nothing new; they keep the demo app's URLs and the endpoint in step with
 * PUBLIC_BASE_URL, so changing the port does not break the demo.
 *
 * The rows are written directly rather than through createCustomerApp: the redirect URLs come from the
 * operator's own configuration (the demo page of this server), which may be plain http on a LAN host.
 */
export async function ensureDemoSeed(
  db: Db,
  config: Config,
  now: Date = new Date(),
): Promise<DemoSeed> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const inserted = await tx
      .insert(customers)
      .values({ id: DEMO_CUSTOMER_ID, name: DEMO_CUSTOMER_NAME, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: customers.id });
    const created = inserted.length > 0;

    const redirectUrl = demoRedirectUrl(config);
    const appRows = await tx
      .insert(customerApps)
      .values({
        id: DEMO_APP_ID,
        customerId: DEMO_CUSTOMER_ID,
        appName: DEMO_APP_NAME,
        redirectUrl,
        reconnectRedirectUrl: redirectUrl,
        supportedOems: null,
        entitledTiers: ['standard', 'premium'],
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: customerApps.id });
    if (appRows.length === 0) {
      await tx
        .update(customerApps)
        .set({ redirectUrl, reconnectRedirectUrl: redirectUrl })
        .where(eq(customerApps.id, DEMO_APP_ID));
    }

    let apiKey: string | undefined;
    if (created) {
      await recordCustomerAudit(tx, {
        action: 'customer.created',
        customerId: DEMO_CUSTOMER_ID,
        subjectId: DEMO_CUSTOMER_ID,
        actor: SEED_ACTOR,
        details: { name: DEMO_CUSTOMER_NAME, demo: true },
      });
      ({ key: apiKey } = await createApiKey(
        tx,
        {
          customerId: DEMO_CUSTOMER_ID,
          environment: 'sandbox',
          name: 'Demo sandbox key',
          actor: SEED_ACTOR,
        },
        now,
      ));
    }
    if (appRows.length > 0) {
      await recordCustomerAudit(tx, {
        action: 'app.created',
        customerId: DEMO_CUSTOMER_ID,
        subjectId: DEMO_APP_ID,
        actor: SEED_ACTOR,
        details: { appName: DEMO_APP_NAME, demo: true },
      });
    }

    // The demo's receiver exists only with DEMO=on; otherwise nothing would answer at its URL.
    const webhook = config.demo ? await ensureDemoWebhookEndpoint(tx, config) : {};
    return {
      created,
      customerId: DEMO_CUSTOMER_ID,
      appId: DEMO_APP_ID,
      ...(apiKey ? { apiKey } : {}),
      ...webhook,
    };
  });
}

async function ensureDemoWebhookEndpoint(
  tx: Tx,
  config: Config,
): Promise<Pick<DemoSeed, 'webhookEndpointId' | 'webhookSecret' | 'webhookError'>> {
  const url = demoWebhookUrl(config);
  const existing = await findDemoEndpoint(tx, url);
  if (existing) {
    const secret = openFirstSecret(existing, config.appSecret);
    if (secret !== undefined) {
      if (existing.url !== url) {
        const t = sandbox.webhookEndpoints;
        await tx.update(t).set({ url }).where(eq(t.id, existing.id));
      }
      return { webhookEndpointId: existing.id, webhookSecret: secret };
    }
    // Sealed under a previous APP_SECRET: unusable. Retire it (its deliveries stay in the log).
    await deleteWebhookEndpoint(tx, 'sandbox', DEMO_CUSTOMER_ID, existing.id);
  }
  try {
    const { endpointId, secret } = await createWebhookEndpoint(
      tx,
      'sandbox',
      { customerId: DEMO_CUSTOMER_ID, url },
      { appSecret: config.appSecret, allowPrivate: config.webhookAllowPrivate },
    );
    return { webhookEndpointId: endpointId, webhookSecret: secret };
  } catch (error) {
    // A PUBLIC_BASE_URL on a private address cannot receive webhooks; the demo still works without.
    if (error instanceof WebhookUrlError) return { webhookError: error.message };
    throw error;
  }
}

/**
 * The demo endpoint: the demo customer's sandbox endpoint at the current demo URL or, after
 * PUBLIC_BASE_URL changed, the oldest one at another base's `/demo/webhooks`.
 */
async function findDemoEndpoint(db: Db | Tx, url: string): Promise<WebhookEndpoint | undefined> {
  const t = sandbox.webhookEndpoints;
  const rows = await db
    .select()
    .from(t)
    .where(and(eq(t.customerId, DEMO_CUSTOMER_ID), isNull(t.deletedAt)))
    .orderBy(asc(t.createdAt), asc(t.id));
  return rows.find((r) => r.url === url) ?? rows.find((r) => r.url.endsWith('/demo/webhooks'));
}

function openFirstSecret(endpoint: WebhookEndpoint, appSecret: string): string | undefined {
  try {
    return openWebhookSecrets(endpoint.secrets.slice(0, 1), appSecret, endpoint.id)[0];
  } catch {
    return undefined;
  }
}

/**
 * The signing secret of the demo webhook endpoint, for the demo page's receiver to verify signatures;
 * undefined before the seed ran or when it could not create the endpoint.
 */
export async function getDemoWebhookSecret(db: Db, config: Config): Promise<string | undefined> {
  const endpoint = await findDemoEndpoint(db, demoWebhookUrl(config));
  return endpoint?.url === demoWebhookUrl(config)
    ? openFirstSecret(endpoint, config.appSecret)
    : undefined;
}
