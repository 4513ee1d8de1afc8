import { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Journeys that may be opened per minute from one client address, and for one Customer App. */
export interface LaunchLimits {
  perAddress: number;
  perApp: number;
}

/**
 * Budgets for opening journeys (a session row each). A launch needs no key, so without a budget one
 * client could create sessions as fast as it can send requests.
 */
export interface LaunchLimiter {
  /** Takes one launch from the address's and the app's budgets; false when either is spent. */
  admit(clientAddress: string, appId: string): Promise<boolean>;
}

export interface LaunchLimiterOptions {
  /** Shared budgets across instances; without it each process counts alone. */
  redis?: Redis;
  /** Window length (60 s in production). */
  durationSeconds?: number;
}

/** Fixed-window budgets with rate-limiter-flexible; with Redis, an in-memory insurance limiter. */
export function createLaunchLimiter(
  limits: LaunchLimits,
  options: LaunchLimiterOptions = {},
): LaunchLimiter {
  const duration = options.durationSeconds ?? 60;
  const budget = (points: number, keyPrefix: string): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    return options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points,
          duration,
          keyPrefix,
          insuranceLimiter: memory,
        })
      : memory;
  };
  const byAddress = budget(limits.perAddress, 'aj_launch_addr');
  const byApp = budget(limits.perApp, 'aj_launch_app');
  return {
    async admit(clientAddress, appId) {
      try {
        await byAddress.consume(clientAddress);
        await byApp.consume(appId);
        return true;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      }
    },
  };
}

const globalKey = Symbol.for('auth-journey.launch-limiter');
type GlobalWithLimiter = typeof globalThis & { [globalKey]?: LaunchLimiter };

/** The process's launch limiter (shared through globalThis by Next's bundles), made on first use. */
export function getLaunchLimiter(config: {
  launchLimits: LaunchLimits;
  redisUrl: string | undefined;
}): LaunchLimiter {
  const g = globalThis as GlobalWithLimiter;
  g[globalKey] ??= createLaunchLimiter(config.launchLimits, {
    redis: config.redisUrl
      ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }).on(
          'error',
          () => {
            // Unreachable Redis: the insurance limiter counts in memory until it is back.
          },
        )
      : undefined,
  });
  return g[globalKey];
}
