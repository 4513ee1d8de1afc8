import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { ResolveHost } from './url-check';

/**
 * How a dispatcher is set up: its own file, so that one attempt (./attempt.ts) can read the options
 * without importing the dispatcher that runs it.
 */
export interface DispatcherOptions {
  db: Db;
  appSecret: string;
  /** Seconds to wait before each attempt, by attempt index (config.webhookRetrySchedule). */
  retrySchedule: number[];
  environments?: Environment[];
  /** Deliveries in flight at once (per process). */
  concurrency?: number;
  pollIntervalMs?: number;
  /**
   * How long a claim holds a delivery. Must exceed the request timeout, or a slow receiver is sent the
   * same message by a second dispatcher; after a crash this is how long a delivery waits to be retried.
   */
  leaseMs?: number;
  timeoutMs?: number;
  clock?: () => Date;
  /** [0, 1): jitter source. */
  random?: () => number;
  /** Host resolution for the send-time address check (tests point names at chosen addresses). */
  resolve?: ResolveHost;
  log?: (event: Record<string, unknown>) => void;
  /** No background loop: deliveries happen only on `tick()` (tests with an injected clock). */
  manual?: boolean;
}
