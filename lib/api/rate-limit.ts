import { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Environment } from '../db/schema';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (X-RateLimit-Reset, Retry-After). */
  resetSeconds: number;
}

export interface ApiRateLimiter {
  /** Counts one request of the key against `limit` requests per window (its plan's or its own). */
  consume(keyId: string, environment: Environment, limit: number): Promise<RateLimitResult>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** With a Redis URL every instance shares one budget per key; without, each process counts alone. */
  redisUrl?: string;
  /** An existing ioredis client to use instead of redisUrl; its owner closes it. */
  redisClient?: Redis;
  /** Window length; 1 s in production, longer in tests so that a tiny limit is hit deterministically. */
  durationSeconds?: number;
  log?: (entry: Record<string, unknown>) => void;
}

/**
 * Fixed-window limiter per API key with rate-limiter-flexible. A key's limit comes with each request
 * (plans and per-key rates differ), so there is one limiter per environment and limit; they share
 * one Redis key per API key, so a changed limit applies to the window already counted. The Redis
 * variant keeps an in-memory insurance limiter: while Redis is unreachable each instance enforces the
 * limit on its own instead of failing requests.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): ApiRateLimiter {
  const duration = options.durationSeconds ?? 1;
  const ownRedis =
    !options.redisClient && options.redisUrl
      ? new Redis(options.redisUrl, {
          // Fail fast to the insurance limiter instead of queueing requests behind a dead connection.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        })
      : undefined;
  const redis = options.redisClient ?? ownRedis;
  ownRedis?.on('error', (error: Error) => {
    options.log?.({ level: 'warn', msg: 'rate limiter redis error', error: error.message });
  });

  // Few distinct limits exist (the plans, the sandbox rate, the odd per-key rate): one limiter each.
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (environment: Environment, points: number): RateLimiterAbstract => {
    const id = `${environment}:${points}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const common = { points, duration, keyPrefix: `aj_rl_${environment}` };
      const memory = new RateLimiterMemory(common);
      limiter = redis
        ? new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: memory })
        : memory;
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return {
    async consume(keyId, environment, limit) {
      try {
        const res = await limiterFor(environment, limit).consume(keyId, 1);
        return {
          allowed: true,
          limit,
          remaining: res.remainingPoints,
          resetSeconds: toSeconds(res),
        };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, limit, remaining: 0, resetSeconds: toSeconds(rejection) };
        }
        // A store failure with no insurance left: serve the request rather than fail it (logged).
        options.log?.({
          level: 'error',
          msg: 'rate limiter failed',
          error: rejection instanceof Error ? rejection.message : String(rejection),
        });
        return { allowed: true, limit, remaining: limit, resetSeconds: duration };
      }
    },
    async close() {
      if (ownRedis) await ownRedis.quit().catch(() => ownRedis.disconnect());
    },
  };
}

function toSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
