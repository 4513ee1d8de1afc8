import { parseConfig } from '../config';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { customerApps, customers, tablesFor } from '../db/schema';
import type { ApiPermission } from '../keys';
import { createApiKey } from '../keys';
import type { DeviceType } from '../oem';
import type { UsageTracker } from '../usage';
import { createApiApp } from './app';
import type { ApiRateLimiter } from './rate-limit';
import { createRateLimiter } from './rate-limit';

/** Test data for the API's database tests: rows written directly, as the other modules would. */

export const TEST_CONFIG: Config = parseConfig({
  NODE_ENV: 'test',
  APP_SECRET: 'test-secret-test-secret-test-secret-0123',
  PUBLIC_BASE_URL: 'https://journey.example.test',
  LOG_LEVEL: 'silent',
});

export async function seedCustomer(
  db: Db,
  id: string,
  options: { liveEnabled?: boolean; appId?: string } = {},
): Promise<void> {
  await db
    .insert(customers)
    .values({ id, name: `Customer ${id}`, liveEnabled: options.liveEnabled ?? false });
  if (options.appId) {
    await db.insert(customerApps).values({
      id: options.appId,
      customerId: id,
      appName: `App of ${id}`,
      redirectUrl: 'https://customer.example.test/done',
      reconnectRedirectUrl: 'https://customer.example.test/reconnected',
    });
  }
}

export async function seedKey(
  db: Db,
  customerId: string,
  environment: Environment,
  options: { permissions?: ApiPermission[]; expiresAt?: Date; now?: Date; rateLimit?: number } = {},
): Promise<{ keyId: string; key: string }> {
  return createApiKey(
    db,
    {
      customerId,
      environment,
      permissions: options.permissions,
      expiresAt: options.expiresAt,
      rateLimit: options.rateLimit,
    },
    options.now ?? new Date('2026-01-01T00:00:00Z'),
  );
}

export interface SeededDevice {
  deviceId: string;
  type: DeviceType;
  oemDeviceId: string;
  userId: string;
  credentialId: string;
}

let counter = 0;

/** An end user, a credential and a device of `customerId` in `environment`. */
export async function seedDevice(
  db: Db,
  environment: Environment,
  customerId: string,
  options: {
    type?: DeviceType;
    oem?: string;
    userId?: string;
    appId?: string;
    deviceId?: string;
  } = {},
): Promise<SeededDevice> {
  const t = tablesFor(environment);
  const n = ++counter;
  const userId = options.userId ?? `user-${n}`;
  const endUserId = `eu_${customerId}_${userId}`;
  await db.insert(t.endUsers).values({ id: endUserId, customerId, userId }).onConflictDoNothing();
  const credentialId = `cred_${environment}_${n}`;
  await db.insert(t.credentials).values({
    id: credentialId,
    customerId,
    endUserId,
    appId: options.appId ?? 'app_unused',
    oem: options.oem ?? 'volta',
    authMethod: 'password',
    accountRef: `acct_${n}`,
    secret: 'v1.test.not-a-real-secret',
  });
  const type = options.type ?? 'vehicle';
  const deviceId = options.deviceId ?? `dev_${environment}_${n}`;
  const oemDeviceId = `oem-${n}`;
  await db.insert(t.devices).values({
    id: deviceId,
    customerId,
    endUserId,
    credentialId,
    appId: options.appId ?? 'app_unused',
    type,
    oem: options.oem ?? 'volta',
    oemDeviceId,
    name: `Device ${n}`,
    model: 'Model T1',
    connectedAt: new Date('2026-01-02T00:00:00Z'),
  });
  return { deviceId, type, oemDeviceId, userId, credentialId };
}

/** The fixed "now" of the API tests. */
export const TEST_NOW = new Date('2026-03-02T08:00:00.000Z');

export interface TestAppOptions {
  clock?: () => Date;
  rateLimiter?: ApiRateLimiter;
  deviceCacheMs?: number;
  getDb?: () => Promise<Db>;
  log?: (entry: Record<string, unknown>) => void;
  usage?: UsageTracker;
  config?: Config;
}

/**
 * The real limiter with a budget nobody exhausts: every key gets 1e9 requests/s whatever its plan
 * (tests of everything but rate limits, and the benchmark).
 */
export function unexhaustibleRateLimiter(): ApiRateLimiter {
  const limiter = createRateLimiter();
  return {
    consume: (keyId, environment) => limiter.consume(keyId, environment, 1e9),
    close: () => limiter.close(),
  };
}

/** The API over `db` with a fixed clock, no device cache and a budget tests cannot exhaust. */
export function createTestApp(db: Db, options: TestAppOptions = {}) {
  return createApiApp({
    getDb: options.getDb ?? (async () => db),
    config: options.config ?? TEST_CONFIG,
    clock: options.clock ?? (() => TEST_NOW),
    log: options.log,
    rateLimiter: options.rateLimiter ?? unexhaustibleRateLimiter(),
    deviceCacheMs: options.deviceCacheMs ?? 0,
    usage: options.usage,
  });
}

export interface Envelope {
  success: boolean;
  data?: unknown;
  error?: { code: string; message: string; field?: string };
  meta: { requestId: string; timestamp: string; path: string };
}

/** Reads a response body as the API envelope (throws when it is not JSON). */
export async function readEnvelope(res: Response): Promise<Envelope> {
  return (await res.json()) as Envelope;
}
