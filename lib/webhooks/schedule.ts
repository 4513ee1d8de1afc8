/**
 * Retry timing. `schedule[i]` is the wait in seconds before attempt i+1 (attempt 1 is schedule[0] after
 * the event, usually 0); after `schedule.length` attempts the delivery fails.
 */

/** Longest wait a receiver's `Retry-After` can impose (beyond it the schedule's own wait applies). */
export const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** ±20% jitter spreads the retries of many deliveries that failed together (an outage) over time. */
export const JITTER = 0.2;

/**
 * The wait in milliseconds before the next attempt after `attemptsDone` attempts, or undefined when
 * the schedule is exhausted. `random` is in [0, 1).
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attemptsDone: number,
  random: number,
  retryAfterSeconds?: number,
): number | undefined {
  const base = schedule[attemptsDone];
  if (base === undefined) return undefined;
  const jittered = base * (1 - JITTER + 2 * JITTER * random);
  const floor =
    retryAfterSeconds === undefined ? 0 : Math.min(retryAfterSeconds, MAX_RETRY_AFTER_SECONDS);
  return Math.round(Math.max(jittered, floor) * 1000);
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into seconds from `now`; undefined if invalid. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // HTTP dates only (IMF-fixdate and friends end in GMT): Date.parse accepts far too much else.
  if (!trimmed.endsWith('GMT')) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - now.getTime()) / 1000);
}
