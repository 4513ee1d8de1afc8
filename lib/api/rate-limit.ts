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
  /**
   * Counts one request of the key against `limit` requests per window (its plan's or its own). In
   * memory (no Redis) the answer is immediate, not a promise: the API's hot path awaits nothing then.
   */
  consume(
    keyId: string,
    environment: Environment,
    limit: number,
  ): RateLimitResult | Promise<RateLimitResult>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** With a Redis URL every instance shares one budget per key; without, each process counts alone. */
  redisUrl?: string;
  /** An existing ioredis client to use instead of redisUrl; its owner closes it. */
  redisClient?: Redis;
  /** Window length; 1 s in production, longer in tests so that a tiny limit is hit deterministically. */
  durationSeconds?: number;
  /** The in-memory limiter's clock, in ms (tests inject theirs); Redis counts on its own clock. */
  now?: () => number;
  log?: (entry: Record<string, unknown>) => void;
}

/**
 * Fixed-window limiter per API key: in memory (FixedWindows) without Redis, else rate-limiter-flexible
 * on Redis. A key's limit comes with each request
 * (plans and per-key rates differ), so there is one limiter per environment and limit; they share
 * one Redis key per API key, so a changed limit applies to the window already counted. The Redis
 * variant keeps an in-memory insurance limiter: while Redis is unreachable each instance enforces the
 * limit on its own instead of failing requests.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): ApiRateLimiter {
  const duration = options.durationSeconds ?? 1;
  if (!options.redisClient && !options.redisUrl) {
    const windows = new FixedWindows(duration * 1000, options.now);
    return {
      consume: (keyId, environment, limit) => windows.consume(`${environment}:${keyId}`, limit),
      close: async () => {},
    };
  }
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

function toSeconds(res: { msBeforeNext: number }): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

interface Window {
  endsAt: number;
  consumed: number;
}

/** Windows kept before expired ones are swept (each is a few dozen bytes). */
const SWEEP_AT = 10_000;

/**
 * The in-memory limiter of one process: the fixed windows of rate-limiter-flexible's RateLimiterMemory
 * (a key's window opens with its first request and lasts `durationMs`; the limit each request carries
 * is compared with the requests counted in the window, refused ones included), answered synchronously
 * with a map lookup. One window per key, whatever its limit: a changed limit applies to the window
 * already counted, as with Redis.
 */
export class FixedWindows {
  private windows = new Map<string, Window>();

  constructor(
    private readonly durationMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  consume(id: string, limit: number): RateLimitResult {
    const at = this.now();
    let window = this.windows.get(id);
    if (!window || window.endsAt <= at) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(at);
      window = { endsAt: at + this.durationMs, consumed: 0 };
      this.windows.set(id, window);
    }
    window.consumed++;
    const resetSeconds = toSeconds({ msBeforeNext: window.endsAt - at });
    if (window.consumed > limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    return { allowed: true, limit, remaining: limit - window.consumed, resetSeconds };
  }

  private sweep(at: number): void {
    for (const [id, window] of this.windows) if (window.endsAt <= at) this.windows.delete(id);
  }

  get size(): number {
    return this.windows.size;
  }
}
