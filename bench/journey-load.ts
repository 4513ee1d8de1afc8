/**
 * Whole journeys per second with N journeys in flight (default 16): each worker walks a journey (launch
 * page + five step actions) for a fresh user, then starts the next. The load runs continuously through
 * a warm-up and then the measured window; only journeys completed inside the window count, so neither
 * the ramp-up nor the tail of journeys still in flight at the end skews the rate. The warm-up lasts at
 * least `warmupSeconds` and until every worker has finished one journey (steady state: on a slow server
 * one journey with 16 in flight takes seconds), at most 60 s.
 */
import { createHttpClient } from './http-client';
import type { JourneyTarget } from './journey-client';
import { quantile, round } from './stats';

export interface JourneyLoadResult {
  concurrency: number;
  measuredSeconds: number;
  warmupSeconds: number;
  journeys: number;
  journeysPerSecond: number;
  /** Failed journeys over the whole load, warm-up included. */
  errors: number;
  firstError?: string;
  journeyP50Ms: number;
  journeyP95Ms: number;
}

export async function benchJourneyLoad(
  target: JourneyTarget,
  options: {
    concurrency?: number;
    warmupSeconds?: number;
    durationSeconds?: number;
    userPrefix: string;
    /** Told the `performance.now()` at which the measured window opens (to cut a CPU profile to it). */
    onWindowOpen?: (at: number) => void;
  },
): Promise<JourneyLoadResult> {
  const concurrency = options.concurrency ?? 16;
  const client = createHttpClient(concurrency);
  const durations: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;
  const loadStart = performance.now();
  const minWarmupEnd = loadStart + (options.warmupSeconds ?? 3) * 1000;
  const maxWarmupEnd = loadStart + 60_000;
  const durationMs = (options.durationSeconds ?? 10) * 1000;
  let windowStart: number | undefined;
  let windowEnd = Infinity;
  let completedInWarmup = 0;
  const maybeOpenWindow = (now: number) => {
    if (windowStart !== undefined) return;
    if ((now >= minWarmupEnd && completedInWarmup >= concurrency) || now >= maxWarmupEnd) {
      windowStart = now;
      windowEnd = now + durationMs;
      options.onWindowOpen?.(now);
    }
  };
  const timer = setInterval(() => maybeOpenWindow(performance.now()), 50);
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < windowEnd) {
          const started = performance.now();
          try {
            await target.run(client, `${options.userPrefix}-${sequence++}`);
            const finished = performance.now();
            if (windowStart === undefined) completedInWarmup++;
            else if (finished >= windowStart && finished <= windowEnd)
              durations.push(finished - started);
          } catch (error) {
            errors++;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
  } finally {
    clearInterval(timer);
    client.close();
  }
  const seconds = durationMs / 1000;
  return {
    concurrency,
    measuredSeconds: round(seconds, 2),
    warmupSeconds: round(((windowStart ?? loadStart) - loadStart) / 1000, 1),
    journeys: durations.length,
    journeysPerSecond: round(durations.length / seconds, 1),
    errors,
    ...(firstError ? { firstError } : {}),
    journeyP50Ms: round(quantile(durations, 0.5), 1),
    journeyP95Ms: round(quantile(durations, 0.95), 1),
  };
}
