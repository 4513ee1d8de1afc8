import type { Context } from 'hono';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { ApiPermission } from '../keys';
import type { UsageTracker } from '../usage';
import type { DeviceReader } from './device-cache';
import type { ApiRateLimiter } from './rate-limit';

/** The authenticated caller: set by the auth middleware on every non-public route. */
export interface ApiCaller {
  keyId: string;
  customerId: string;
  environment: Environment;
  permissions: readonly ApiPermission[];
}

export interface ApiVariables {
  requestId: string;
  caller: ApiCaller;
}

export interface ApiEnv {
  Variables: ApiVariables;
}

export type ApiContext = Context<ApiEnv>;

/** What routes need besides the request: resolved once in createApiApp. */
export interface RouteDeps {
  getDb: () => Promise<Db>;
  config: Config;
  clock: () => Date;
  log: (entry: Record<string, unknown>) => void;
  rateLimiter: ApiRateLimiter;
  devices: DeviceReader;
  /** Metering and monthly quotas; absent, requests are neither counted nor held to a quota. */
  usage?: UsageTracker;
}

/** The caller of an authenticated route; a missing caller is a wiring bug, never a client error. */
export function callerOf(c: ApiContext): ApiCaller {
  const caller = c.get('caller');
  if (!caller) throw new Error('Route reached without authentication');
  return caller;
}
