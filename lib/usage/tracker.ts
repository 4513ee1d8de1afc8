import { Redis } from 'ioredis';
import type { Db } from '../db/client';
import type { MeteredRequest } from './meter';
import { MinuteCounts } from './meter';
import type { QuotaDecision, QuotaScope } from './quota';
import { QuotaCounter } from './quota';
import { writeUsage } from './store';

/**
 * Metering and the monthly quota of one process. The API's hot path calls `admit` (quota) and `record`
 * (metering), both in memory; every FLUSH_INTERVAL_MS one transaction adds the counts to the database
 * (usage_minutes, usage_months). `stop` writes what is left: the server calls it on SIGTERM/SIGINT, so
 * a graceful restart loses nothing, and a crash loses at most the requests of the last interval.
 * A failed write keeps its counts for the next flush.
 */

export const FLUSH_INTERVAL_MS = 10_000;

export interface UsageTrackerOptions {
  getDb: () => Promise<Db>;
  /** Shares the monthly quota count between instances (the same Redis as the rate limiter). */
  redisUrl?: string;
  /** An existing ioredis client to use instead of redisUrl; its owner closes it. */
  redisClient?: Redis;
  /** 0: no timer, only explicit flushes (tests). */
  flushIntervalMs?: number;
  log?: (entry: Record<string, unknown>) => void;
}

export interface UsageTracker {
  /** The quota decision for one request (null when the key has no quota); counts it if admitted. */
  admit(
    scope: QuotaScope,
    monthlyQuota: number | null,
    now: Date,
  ): QuotaDecision | null | Promise<QuotaDecision | null>;
  /** Counts one answered request, refusals included. */
  record(request: MeteredRequest, now: Date): void;
  /** Writes the counts so far (one at a time: a flush called during another waits for it). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (graceful shutdown). */
  stop(): Promise<void>;
}

export function createUsageTracker(options: UsageTrackerOptions): UsageTracker {
  const log = options.log ?? (() => {});
  const ownRedis =
    !options.redisClient && options.redisUrl
      ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      : undefined;
  ownRedis?.on('error', (error: Error) => {
    log({ level: 'warn', msg: 'usage redis error', error: error.message });
  });
  const counts = new MinuteCounts();
  const quota = new QuotaCounter({
    getDb: options.getDb,
    redis: options.redisClient ?? ownRedis,
    log,
  });

  const flushOnce = async (): Promise<void> => {
    const minutes = counts.take();
    const months = quota.take();
    try {
      await writeUsage(await options.getDb(), minutes, months);
    } catch (error) {
      counts.restore(minutes);
      await quota.settle(false);
      log({
        level: 'error',
        msg: 'usage flush failed; counts kept for the next flush',
        rows: minutes.length,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    await quota.settle(true);
  };

  let chain: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    chain = chain.then(flushOnce).catch((error: unknown) => {
      log({ level: 'error', msg: 'usage flush failed', error: String(error) });
    });
    return chain;
  };

  const interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(() => void flush(), interval) : undefined;
  timer?.unref();

  return {
    admit: (scope, monthlyQuota, now) => quota.admit(scope, monthlyQuota, now),
    record: (request, now) => counts.record(request, now),
    flush,
    async stop() {
      if (timer) clearInterval(timer);
      await flush();
      if (ownRedis) await ownRedis.quit().catch(() => ownRedis.disconnect());
    },
  };
}
