import type { Context, MiddlewareHandler } from 'hono';
import type { ApiPermission } from '../keys';
import { parseApiKey, verifyApiKey } from '../keys';
import type { Refusal } from '../usage';
import { limitsForKey } from '../usage';
import type { ApiEnv, RouteDeps } from './context';
import { callerOf } from './context';
import { ApiError } from './errors';
import { routeTemplateOf } from './route-template';

/** Routes reachable without a key. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/api/health', '/api/health/ready']);

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The presented key: `x-api-key` or `Authorization: Bearer`. Undefined when none is sent; a malformed
 * Authorization header or two different keys count as an invalid key rather than as no key.
 */
export function presentedKey(headers: {
  apiKey: string | undefined;
  authorization: string | undefined;
}): string | undefined | ApiError {
  const fromHeader = headers.apiKey?.trim() || undefined;
  let fromBearer: string | undefined;
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const match = BEARER.exec(authorization);
    if (!match?.[1]) {
      return new ApiError(
        'INVALID_API_KEY',
        'Unsupported Authorization header: use Authorization: Bearer <key> or x-api-key',
      );
    }
    fromBearer = match[1];
  }
  if (fromHeader && fromBearer && fromHeader !== fromBearer) {
    return new ApiError('INVALID_API_KEY', 'x-api-key and Authorization carry different keys');
  }
  return fromHeader ?? fromBearer;
}

/**
 * Authenticates every non-public /api request and applies the key's limits: its rate (its plan's, the
 * sandbox rate, or its own lower one), then its customer's monthly quota. Sets the X-RateLimit-* and,
 * for keys with a quota, X-Quota-* headers (they survive into error answers produced later in the
 * chain), and meters every request of a known key, refusals included.
 */
export function authenticate(deps: RouteDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const key = presentedKey({
      apiKey: c.req.header('x-api-key'),
      authorization: c.req.header('authorization'),
    });
    if (key instanceof ApiError) throw key;
    if (key === undefined) throw new ApiError('UNAUTHORIZED');
    // Format and checksum first: a mistyped or invented key never costs a database lookup.
    if (!parseApiKey(key)) throw new ApiError('INVALID_API_KEY');
    const db = await deps.getDb();
    const now = deps.clock();
    const verified = await verifyApiKey(db, key, now, {
      onBackgroundError: (error) =>
        deps.log({
          level: 'error',
          msg: 'api key lastUsedAt update failed',
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    if (!verified.ok) throw new ApiError(verified.code);
    const { keyId, customerId, environment, permissions } = verified.key;
    const limits = limitsForKey({
      environment,
      customer: verified.key.terms,
      keyRateLimit: verified.key.rateLimit,
      sandboxRateLimit: deps.config.sandboxRateLimit,
    });
    const usage = deps.usage;
    const meter = (status: number, refusal?: Refusal) =>
      usage?.record(
        { keyId, customerId, environment, route: routeTemplateOf(c), status, refusal },
        now,
      );

    const rate = await deps.rateLimiter.consume(keyId, environment, limits.rate);
    reportBudget(c, 'RateLimit', rate);
    if (!rate.allowed) {
      meter(429, 'rate_limited');
      throw new ApiError('RATE_LIMIT_EXCEEDED');
    }
    const admitted = usage
      ? usage.admit({ customerId, environment }, limits.monthlyQuota, now)
      : null;
    const quota = admitted instanceof Promise ? await admitted : admitted;
    if (quota) {
      reportBudget(c, 'Quota', quota);
      if (!quota.allowed) {
        meter(429, 'quota_refused');
        throw new ApiError('QUOTA_EXCEEDED');
      }
    }
    c.set('caller', { keyId, customerId, environment, permissions });
    await next();
    meter(c.res.status);
  };
}

/** X-RateLimit-* or X-Quota-* (limit, remaining, seconds to reset), and Retry-After on a refusal. */
function reportBudget(
  c: Context,
  name: 'RateLimit' | 'Quota',
  budget: { allowed: boolean; limit: number; remaining: number; resetSeconds: number },
): void {
  c.header(`X-${name}-Limit`, String(budget.limit));
  c.header(`X-${name}-Remaining`, String(budget.remaining));
  c.header(`X-${name}-Reset`, String(budget.resetSeconds));
  if (!budget.allowed) c.header('Retry-After', String(budget.resetSeconds));
}

/** Route middleware: the caller's key must hold `permission`. */
export function requirePermission(permission: ApiPermission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!callerOf(c).permissions.includes(permission)) {
      throw new ApiError(
        'INSUFFICIENT_PERMISSIONS',
        `The API key lacks the ${permission} permission`,
      );
    }
    return next();
  };
}

/** Route middleware: sandbox keys only (simulation helpers). */
export const requireSandbox: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (callerOf(c).environment !== 'sandbox') throw new ApiError('SANDBOX_ONLY');
  return next();
};
