import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { ResolveHost } from './url-check';

/**
 * A receiver in this process (the demo app's inbox): called directly instead of over the network, so
 * it works whatever the network policy, and costs no socket or DNS. Answers an HTTP status.
 */
export type LocalReceiver = (request: {
  headers: Record<string, string>;
  body: string;
}) => number | Promise<number>;

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
  /**
   * Deliveries one customer may have in flight at once (per process); default all but one
   * eighth of `concurrency` (14 of 16), so a customer whose endpoints stall never holds every slot.
   */
  perCustomerConcurrency?: number;
  pollIntervalMs?: number;
  /**
   * While nothing is due, the wait between polls doubles up to this (default `pollIntervalMs`: no
   * back-off). For a database only this process writes (the embedded one), where every new event
   * wakes the dispatcher at once and only retries and expired leases need the poll; the first poll
   * after any work found is again `pollIntervalMs` later.
   */
  idlePollIntervalMs?: number;
  /**
   * How long a claim holds a delivery. Must exceed the request timeout, or a slow receiver is sent the
   * same message by a second dispatcher; after a crash this is how long a delivery waits to be retried.
   */
  leaseMs?: number;
  /** Overrides both environments' request timeouts (tests). */
  timeoutMs?: number;
  /**
   * Sandbox endpoints may target loopback and private addresses (config.webhookAllowPrivate); never
   * link-local or metadata addresses, and never for live. Default false.
   */
  allowPrivate?: boolean;
  /** Endpoints served in this process (the demo inbox), by endpoint id: called, not sent to. */
  localReceivers?: ReadonlyMap<string, LocalReceiver>;
  clock?: () => Date;
  /** [0, 1): jitter source. */
  random?: () => number;
  /** Host resolution for the send-time address check (tests point names at chosen addresses). */
  resolve?: ResolveHost;
  log?: (event: Record<string, unknown>) => void;
  /** No background loop: deliveries happen only on `tick()` (tests with an injected clock). */
  manual?: boolean;
}
