/**
 * UTC time buckets for metering and the monthly quota. Everything is UTC: a month turns at
 * 00:00:00Z on its first day whatever the customer's time zone. Pure.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const STEP_MS: Record<Granularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

/** The start of the UTC minute, hour or day holding `at`. */
export function bucketStart(at: Date, granularity: Granularity): Date {
  const step = STEP_MS[granularity];
  return new Date(Math.floor(at.getTime() / step) * step);
}

/** Milliseconds of one bucket. */
export function bucketLength(granularity: Granularity): number {
  return STEP_MS[granularity];
}

/** The start of the UTC calendar month holding `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** The start of the next UTC calendar month: when a monthly quota renews. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** Whole seconds from `now` until `then`, rounded up and at least 1 (Retry-After, *-Reset headers). */
export function secondsUntil(now: Date, then: Date): number {
  return Math.max(1, Math.ceil((then.getTime() - now.getTime()) / 1000));
}

/** The bucket starts covering [from, to): from's bucket up to the last bucket starting before `to`. */
export function bucketStarts(from: Date, to: Date, granularity: Granularity): Date[] {
  const step = STEP_MS[granularity];
  const out: Date[] = [];
  for (let t = bucketStart(from, granularity).getTime(); t < to.getTime(); t += step) {
    out.push(new Date(t));
  }
  return out;
}
