import type { Granularity } from './calendar';
import { DAY_MS, HOUR_MS, MINUTE_MS, bucketLength, bucketStart, bucketStarts } from './calendar';
import { MINUTE_RETENTION_MS, HOUR_RETENTION_MS } from './retention';

/**
 * The shapes of usage over time, and the rules for a range a caller may ask for. Pure: the queries
 * (queries.ts) return sparse rows, these fill and check them.
 */

export interface UsageCounts {
  requests: number;
  /** 4xx answers, refusals included. */
  clientErrors: number;
  /** 5xx answers. */
  serverErrors: number;
  /** Refused with RATE_LIMIT_EXCEEDED. */
  rateLimited: number;
  /** Refused with QUOTA_EXCEEDED. */
  quotaRefused: number;
}

export interface UsagePoint extends UsageCounts {
  /** Start of the bucket (UTC). */
  start: Date;
  /** (clientErrors + serverErrors) / requests; 0 without requests. */
  errorRate: number;
}

/** Code-point order for sorting: the same on every machine, whatever its locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function emptyCounts(): UsageCounts {
  return { requests: 0, clientErrors: 0, serverErrors: 0, rateLimited: 0, quotaRefused: 0 };
}

export function addCounts(into: UsageCounts, more: UsageCounts): UsageCounts {
  into.requests += more.requests;
  into.clientErrors += more.clientErrors;
  into.serverErrors += more.serverErrors;
  into.rateLimited += more.rateLimited;
  into.quotaRefused += more.quotaRefused;
  return into;
}

/** Error rate to 4 decimals: errors over requests, 0 without requests. */
export function errorRateOf(counts: UsageCounts): number {
  if (counts.requests === 0) return 0;
  return Math.round(((counts.clientErrors + counts.serverErrors) / counts.requests) * 1e4) / 1e4;
}

export function withErrorRate<T extends UsageCounts>(counts: T): T & { errorRate: number } {
  return { ...counts, errorRate: errorRateOf(counts) };
}

/** One point per bucket of [from, to): buckets without rows are zero, so a chart has no gaps. */
export function fillSeries(
  rows: readonly (UsageCounts & { start: Date })[],
  range: { from: Date; to: Date; granularity: Granularity },
): UsagePoint[] {
  const byStart = new Map<number, UsageCounts>();
  for (const row of rows) {
    const at = bucketStart(row.start, range.granularity).getTime();
    byStart.set(at, addCounts(byStart.get(at) ?? emptyCounts(), row));
  }
  return bucketStarts(range.from, range.to, range.granularity).map((start) =>
    withErrorRate({ start, ...(byStart.get(start.getTime()) ?? emptyCounts()) }),
  );
}

/** The longest range per granularity: a few hundred to about a thousand points. */
export const MAX_RANGE_MS: Readonly<Record<Granularity, number>> = {
  minute: 24 * HOUR_MS,
  hour: 31 * DAY_MS,
  day: 92 * DAY_MS,
};

const RANGE_NAMES: Readonly<Record<Granularity, string>> = {
  minute: '24 hours',
  hour: '31 days',
  day: '92 days',
};

export type RangeCheck =
  | { ok: true; from: Date; to: Date; granularity: Granularity }
  | { ok: false; field: 'from' | 'to' | 'granularity'; reason: string };

/**
 * Checks a requested range against what is kept (90 days; minute detail 7 days) and the size limits,
 * and widens it to whole buckets (an hour row cannot be split).
 */
export function checkRange(from: Date, to: Date, granularity: Granularity, now: Date): RangeCheck {
  if (to.getTime() <= from.getTime()) {
    return { ok: false, field: 'to', reason: 'must be after from' };
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_MS[granularity]) {
    return {
      ok: false,
      field: 'to',
      reason: `the range may span at most ${RANGE_NAMES[granularity]} at ${granularity} granularity`,
    };
  }
  if (from.getTime() < now.getTime() - HOUR_RETENTION_MS) {
    return { ok: false, field: 'from', reason: 'usage is kept for 90 days' };
  }
  if (granularity === 'minute' && from.getTime() < now.getTime() - MINUTE_RETENTION_MS) {
    return {
      ok: false,
      field: 'granularity',
      reason: 'minute detail is kept for 7 days: use hour or day for older ranges',
    };
  }
  const step = bucketLength(granularity);
  return {
    ok: true,
    from: bucketStart(from, granularity),
    to: new Date(Math.ceil(to.getTime() / step) * step),
    granularity,
  };
}

/** The default range when a caller gives none: the last 24 hours by hour. */
export function defaultRange(now: Date): { from: Date; to: Date } {
  const to = new Date(Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS);
  return { from: new Date(to.getTime() - 24 * HOUR_MS), to };
}
