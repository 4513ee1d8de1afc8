/**
 * Whole journeys per second with N journeys in flight (default 16): each worker walks a journey (launch
 * page + five step actions) for a fresh user, then starts the next, for a fixed time. Run against the
 * product and, with the same request shape, against the reference's bare action.
 */
import { createHttpClient } from './http-client';
import type { JourneyTarget } from './journey-client';
import { quantile, round } from './stats';

export interface JourneyLoadResult {
  concurrency: number;
  durationSeconds: number;
  journeys: number;
  journeysPerSecond: number;
  errors: number;
  firstError?: string;
  journeyP50Ms: number;
  journeyP95Ms: number;
}

export async function benchJourneyLoad(
  target: JourneyTarget,
  options: { concurrency?: number; durationSeconds?: number; userPrefix: string },
): Promise<JourneyLoadResult> {
  const concurrency = options.concurrency ?? 16;
  const durationSeconds = options.durationSeconds ?? 10;
  const client = createHttpClient(concurrency);
  const durations: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await target.run(client, `${options.userPrefix}-${sequence++}`);
            durations.push(performance.now() - t0);
          } catch (error) {
            errors++;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
  } finally {
    client.close();
  }
  // Journeys finished after the deadline still count, over the time they actually took.
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    durationSeconds: round(seconds, 2),
    journeys: durations.length,
    journeysPerSecond: round(durations.length / seconds, 1),
    errors,
    ...(firstError ? { firstError } : {}),
    journeyP50Ms: round(quantile(durations, 0.5), 1),
    journeyP95Ms: round(quantile(durations, 0.95), 1),
  };
}
