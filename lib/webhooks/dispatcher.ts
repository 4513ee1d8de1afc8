import { ENVIRONMENTS } from '../db/schema';
import { deliverClaim } from './attempt';
import type { AttemptContext } from './attempt';
import type { DispatcherOptions } from './dispatcher-options';
import { claimDueDeliveries } from './deliveries';
import { createRecorder } from './recorder';
import { createSender } from './sender';
import { onDispatcherWake } from './wake';

export { notifyDispatcher } from './wake';
export type { DispatcherOptions } from './dispatcher-options';

/** A live receiver has 15 s to answer (docs/webhooks.md). */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** A sandbox receiver has 5 s: a stalling test endpoint holds a delivery slot for less. */
export const SANDBOX_DELIVERY_TIMEOUT_MS = 5_000;

export interface Dispatcher {
  stop(): Promise<void>;
  /** Runs one claim+deliver pass now; resolves with the number of deliveries attempted. */
  tick(): Promise<number>;
}

/**
 * Starts the dispatcher: it claims due deliveries (`FOR UPDATE SKIP LOCKED` with a lease, so any number
 * of dispatchers in any number of processes share the queue), signs and POSTs them, and records the
 * outcome. It polls, and `notifyDispatcher()` wakes it at once after an event is committed.
 */
export function startDispatcher(opts: DispatcherOptions): Dispatcher {
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  const idlePollIntervalMs = Math.max(pollIntervalMs, opts.idlePollIntervalMs ?? pollIntervalMs);
  let wait = pollIntervalMs;
  const leaseMs = opts.leaseMs ?? 60_000;
  const environments = opts.environments ?? [...ENVIRONMENTS].reverse(); // live first
  const ctx: AttemptContext = {
    opts,
    record: createRecorder(opts.db),
    sender: createSender({
      resolve: opts.resolve,
      maxSockets: concurrency * 2,
      allowPrivate: opts.allowPrivate ?? false,
    }),
    clock: opts.clock ?? (() => new Date()),
    random: opts.random ?? Math.random,
    log: opts.log ?? (() => undefined),
    timeoutMs: {
      live: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      sandbox: opts.timeoutMs ?? SANDBOX_DELIVERY_TIMEOUT_MS,
    },
  };

  const inFlight = new Set<Promise<void>>();
  const perCustomer = Math.max(
    1,
    Math.min(
      concurrency,
      opts.perCustomerConcurrency ?? concurrency - Math.max(1, Math.floor(concurrency / 8)),
    ),
  );
  /** In-flight deliveries by customer: the fair share the claim respects. */
  const byCustomer = new Map<string, number>();
  /** The last claim left slots free because a customer was at its share (it may have more due). */
  let shareBound = false;
  const shareBatch = Math.max(1, Math.floor(perCustomer / 2));
  const release = (customerId: string) => {
    const n = (byCustomer.get(customerId) ?? 1) - 1;
    if (n > 0) byCustomer.set(customerId, n);
    else byCustomer.delete(customerId);
    // Claim again once half a share is free, not on every completion (see `saturated` below).
    if (shareBound && running && n === perCustomer - shareBatch) wake();
  };
  const claimBatch = Math.max(1, Math.floor(concurrency / 2));
  const someoneAbove = (n: number) => {
    for (const count of byCustomer.values()) if (count > n) return true;
    return false;
  };
  let running = true;
  let saturated = false;
  /** Logged once per transition, so tests and operators can see the queue drained. */
  let idle = false;
  let wakeUp: (() => void) | undefined;
  /** A wake-up that came while the loop was busy claiming: it must not be lost. */
  let wokenWhileBusy = false;
  const wake = () => {
    const w = wakeUp;
    wakeUp = undefined;
    if (w) w();
    else wokenWhileBusy = true;
  };
  const unsubscribe = onDispatcherWake(wake);

  /** The last claim filled some customer's share as counted when it began (it may have more due). */
  let capped = false;
  /** Claims as many due deliveries as there are free slots and starts them; returns how many. */
  const fill = async (slots: number): Promise<Promise<void>[]> => {
    const started: Promise<void>[] = [];
    capped = false;
    for (const environment of environments) {
      const free = slots - started.length;
      if (free <= 0) break;
      const atStart = new Map(byCustomer);
      const claims = await claimDueDeliveries(opts.db, environment, {
        now: ctx.clock(),
        leaseMs,
        limit: free,
        fairShare: { perCustomer, inFlight: atStart },
      });
      for (const claim of claims) {
        const counted = (atStart.get(claim.customerId) ?? 0) + 1;
        atStart.set(claim.customerId, counted);
        if (counted >= perCustomer) capped = true;
        byCustomer.set(claim.customerId, (byCustomer.get(claim.customerId) ?? 0) + 1);
        const job = deliverClaim(ctx, claim)
          .catch((error: unknown) => {
            // The lease makes this safe: the delivery is claimed again once it expires.
            ctx.log({
              event: 'webhook.delivery_error',
              deliveryId: claim.deliveryId,
              error: String(error),
            });
          })
          .finally(() => release(claim.customerId));
        started.push(job);
      }
    }
    return started;
  };

  const loop = async () => {
    while (running) {
      let claimed = 0;
      let claimFailed = false;
      const free = concurrency - inFlight.size;
      try {
        if (free > 0) {
          const jobs = await fill(free);
          claimed = jobs.length;
          for (const job of jobs) {
            inFlight.add(job);
            void job.finally(() => {
              inFlight.delete(job);
              // With a backlog, claim in batches: one claim query per freed slot would make the
              // (serial) claim the bottleneck.
              if (saturated && concurrency - inFlight.size >= claimBatch) wake();
            });
          }
        }
      } catch (error) {
        ctx.log({ event: 'webhook.claim_error', error: String(error) });
        claimFailed = true; // back off to the poll interval
      }
      // Saturated: every slot is busy or was just filled, so there is likely more to claim.
      saturated = !claimFailed && (free <= 0 || claimed === free);
      shareBound = !claimFailed && !saturated && capped;
      if (!running) break;
      if (claimed === 0 && inFlight.size === 0 && !idle) ctx.log({ event: 'webhook.idle' });
      idle = claimed === 0 && inFlight.size === 0;
      if (saturated && inFlight.size < concurrency) continue;
      // The share capped the claim, and while it ran that customer's deliveries finished down to the
      // wake-up point (or below): no release will wake the loop, so claim again now.
      if (shareBound && inFlight.size < concurrency && !someoneAbove(perCustomer - shareBatch)) {
        continue;
      }
      if (wokenWhileBusy) {
        wokenWhileBusy = false;
        continue;
      }
      // Idle (nothing claimed, nothing in flight): poll less and less often, up to the idle interval.
      wait = idle ? Math.min(idlePollIntervalMs, wait * 2) : pollIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, wait);
        timer.unref?.();
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const loopDone = opts.manual ? Promise.resolve() : loop();

  return {
    async tick() {
      const jobs = await fill(concurrency);
      await Promise.all(jobs);
      return jobs.length;
    },
    async stop() {
      running = false;
      wake();
      await loopDone;
      await Promise.all(inFlight);
      unsubscribe();
      ctx.sender.close();
    },
  };
}
