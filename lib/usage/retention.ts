import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { DAY_MS, bucketStart, monthStart } from './calendar';

/**
 * Retention of metered usage: minute rows are kept 7 days, then rolled up into hour rows, which are
 * kept 90 days; month totals (the quota's record) are kept for the current and the 12 previous
 * months. The server runs this every RETENTION_INTERVAL_MS (so do webhook workers); running it
 * twice at once is harmless: each minute row is moved by exactly one statement.
 */

export const MINUTE_RETENTION_MS = 7 * DAY_MS;
export const HOUR_RETENTION_MS = 90 * DAY_MS;
export const MONTHS_KEPT = 12;
export const RETENTION_INTERVAL_MS = 10 * 60_000;

const countRow = z.object({ n: z.coerce.number() });

/**
 * Moves minute rows older than `before` into hour rows (added to any already there), in one
 * statement: the DELETE … RETURNING feeds the INSERT, so a row is counted once even when two
 * instances run this together. Returns the number of minute rows moved.
 */
export async function rollUpMinutes(db: Db, before: Date): Promise<number> {
  const result = (await db.execute(sql`
    WITH moved AS (
      DELETE FROM usage_minutes WHERE bucket < ${before.toISOString()}::timestamptz
      RETURNING key_id, customer_id, environment, route, status_class, bucket,
        requests, rate_limited, quota_refused
    ), added AS (
      INSERT INTO usage_hours (key_id, customer_id, environment, route, status_class, bucket,
        requests, rate_limited, quota_refused)
      SELECT key_id, customer_id, environment, route, status_class,
        date_trunc('hour', bucket, 'UTC'), sum(requests), sum(rate_limited), sum(quota_refused)
      FROM moved
      GROUP BY key_id, customer_id, environment, route, status_class,
        date_trunc('hour', bucket, 'UTC')
      ON CONFLICT (bucket, key_id, route, status_class) DO UPDATE SET
        requests = usage_hours.requests + excluded.requests,
        rate_limited = usage_hours.rate_limited + excluded.rate_limited,
        quota_refused = usage_hours.quota_refused + excluded.quota_refused
      RETURNING 1
    )
    SELECT count(*) AS n FROM moved`)) as unknown as { rows: unknown[] };
  return countRow.parse(result.rows[0]).n;
}

/** Deletes the rows of `table` whose `column` is before `before`; returns how many. */
async function deleteBefore(
  db: Db,
  table: 'usage_hours' | 'usage_months',
  column: 'bucket' | 'month',
  before: Date,
): Promise<number> {
  const result = (await db.execute(sql`
    WITH gone AS (DELETE FROM ${sql.raw(table)}
      WHERE ${sql.raw(column)} < ${before.toISOString()}::timestamptz RETURNING 1)
    SELECT count(*) AS n FROM gone`)) as unknown as { rows: unknown[] };
  return countRow.parse(result.rows[0]).n;
}

/** Deletes hour rows older than `before`; returns how many. */
export function pruneHours(db: Db, before: Date): Promise<number> {
  return deleteBefore(db, 'usage_hours', 'bucket', before);
}

/** Deletes month totals of months starting before `before`; returns how many. */
export function pruneMonths(db: Db, before: Date): Promise<number> {
  return deleteBefore(db, 'usage_months', 'month', before);
}

export interface RetentionResult {
  minutesRolledUp: number;
  hoursDeleted: number;
  monthsDeleted: number;
}

/** One retention pass at `now`. Cut-offs fall on whole hours, so an hour is rolled up at once. */
export async function runUsageRetention(db: Db, now: Date): Promise<RetentionResult> {
  const oldestMonth = monthStart(now);
  oldestMonth.setUTCMonth(oldestMonth.getUTCMonth() - MONTHS_KEPT);
  return {
    minutesRolledUp: await rollUpMinutes(
      db,
      bucketStart(new Date(now.getTime() - MINUTE_RETENTION_MS), 'hour'),
    ),
    hoursDeleted: await pruneHours(
      db,
      bucketStart(new Date(now.getTime() - HOUR_RETENTION_MS), 'hour'),
    ),
    monthsDeleted: await pruneMonths(db, oldestMonth),
  };
}

export interface RetentionJob {
  /** Stops the schedule, waiting for a pass in progress. */
  stop(): Promise<void>;
}

/** Runs `runUsageRetention` shortly after start and every `intervalMs` until stopped. */
export function startUsageRetention(options: {
  getDb: () => Promise<Db>;
  clock?: () => Date;
  intervalMs?: number;
  log?: (entry: Record<string, unknown>) => void;
}): RetentionJob {
  const clock = options.clock ?? (() => new Date());
  const interval = options.intervalMs ?? RETENTION_INTERVAL_MS;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const pass = async () => {
    try {
      const result = await runUsageRetention(await options.getDb(), clock());
      options.log?.({ level: 'debug', msg: 'usage retention', ...result });
    } catch (error) {
      options.log?.({
        level: 'error',
        msg: 'usage retention failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const tick = () => {
    if (stopped) return;
    running = pass();
  };
  const first = setTimeout(tick, Math.min(interval, 5_000));
  const timer = setInterval(tick, interval);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
