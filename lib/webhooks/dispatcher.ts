import { ENVIRONMENTS } from '../db/schema';
import { deliverClaim } from './attempt';
import type { AttemptContext } from './attempt';
import type { DispatcherOptions } from './dispatcher-options';
import { analyzeDeliveryQueue, claimDueDeliveries } from './deliveries';
import { createRecorder } from './recorder';
import { createSender } from './sender';
import { onDispatcherWake } from './wake';

export { notifyDispatcher } from './wake';
export type { DispatcherOptions } from './dispatcher-options';

/** A live receiver has 15 s to answer (docs/webhooks.md). */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** A sandbox receiver has 5 s: a stalling test endpoint holds a delivery slot for less. */
export const SANDBOX_DELIVERY_TIMEOUT_MS = 5_000;

/** Claimed deliveries between two refreshes of the queue's planner statistics. */
const ANALYZE_EVERY = 1000;
const ANALYZE_MIN_INTERVAL_MS = 10_000;

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
  /**
   * Slots are refilled once this many are free (2 of 16): a claim per finished delivery would make the
   * (serial) claim query the bottleneck, and waiting for half the slots leaves them idle.
   */
  const refillBatch = Math.max(1, Math.min(perCustomer, Math.floor(concurrency / 8)));
  /** In-flight deliveries by customer: the fair share the claim respects. */
  const byCustomer = new Map<string, number>();
  /** The last claim filled every free slot: there is likely more to claim. */
  let saturated = false;
  /** Customers the last claim left at their share: they may have more due once a slot of theirs frees. */
  let atShare = new Set<string>();
  let running = true;
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

  const finished = (job: Promise<void>, customerId: string) => {
    inFlight.delete(job);
    const n = (byCustomer.get(customerId) ?? 1) - 1;
    if (n > 0) byCustomer.set(customerId, n);
    else byCustomer.delete(customerId);
    if (!running) return;
    // Claim again as soon as a batch of slots is free that the last claim could not fill: any slots
    // when it filled them all, this customer's when it was held to its share. Claims are serial, so
    // deliveries that finish while one runs are claimed together by the next.
    if (
      (saturated && concurrency - inFlight.size === refillBatch) ||
      (atShare.has(customerId) && n === perCustomer - refillBatch)
    ) {
      wake();
    }
  };

  /**
   * The queue's statistics are refreshed when the dispatcher starts and then after every
   * `ANALYZE_EVERY` claimed deliveries (at most once per `ANALYZE_MIN_INTERVAL_MS`), so that the claim
   * keeps reading the due index however the backlog grows (see `analyzeDeliveryQueue`).
   */
  let claimedSinceAnalyze = ANALYZE_EVERY;
  let analyzedAt = -Infinity;
  const analyzeIfDue = async () => {
    if (claimedSinceAnalyze < ANALYZE_EVERY) return;
    if (performance.now() - analyzedAt < ANALYZE_MIN_INTERVAL_MS) return;
    claimedSinceAnalyze = 0;
    analyzedAt = performance.now();
    try {
      await analyzeDeliveryQueue(opts.db, environments);
    } catch (error) {
      ctx.log({ event: 'webhook.analyze_error', error: String(error) });
    }
  };

  /** Claims up to `slots` due deliveries (one statement for every environment) and starts them. */
  const fill = async (slots: number): Promise<Promise<void>[]> => {
    await analyzeIfDue();
    const counted = new Map(byCustomer);
    const claims = await claimDueDeliveries(opts.db, environments, {
      now: ctx.clock(),
      leaseMs,
      limit: slots,
      fairShare: { perCustomer, inFlight: counted },
    });
    claimedSinceAnalyze += claims.length;
    const started: Promise<void>[] = [];
    for (const claim of claims) {
      counted.set(claim.customerId, (counted.get(claim.customerId) ?? 0) + 1);
      byCustomer.set(claim.customerId, (byCustomer.get(claim.customerId) ?? 0) + 1);
      const job = deliverClaim(ctx, claim).catch((error: unknown) => {
        // The lease makes this safe: the delivery is claimed again once it expires.
        ctx.log({
          event: 'webhook.delivery_error',
          deliveryId: claim.deliveryId,
          error: String(error),
        });
      });
      inFlight.add(job);
      void job.finally(() => finished(job, claim.customerId));
      started.push(job);
    }
    // Whoever the claim saw at its share (held back, or filled up to it) may have more due.
    atShare = new Set([...counted].filter(([, n]) => n >= perCustomer).map(([id]) => id));
    return started;
  };

  const loop = async () => {
    while (running) {
      let claimed = 0;
      let claimFailed = false;
      const free = concurrency - inFlight.size;
      try {
        if (free > 0) claimed = (await fill(free)).length;
      } catch (error) {
        ctx.log({ event: 'webhook.claim_error', error: String(error) });
        claimFailed = true; // back off to the poll interval
      }
      // Saturated: every slot is busy or was just filled, so there is likely more to claim.
      saturated = !claimFailed && (free <= 0 || claimed === free);
      if (claimFailed) atShare = new Set();
      if (!running) break;
      if (claimed === 0 && inFlight.size === 0 && !idle) ctx.log({ event: 'webhook.idle' });
      idle = claimed === 0 && inFlight.size === 0;
      const freeNow = concurrency - inFlight.size;
      if (saturated && freeNow >= refillBatch) continue;
      // A customer the claim held to its share had deliveries finish while it ran, down to the refill
      // point or below: no later completion will wake the loop for them, so claim again now.
      if (
        freeNow > 0 &&
        [...atShare].some((id) => (byCustomer.get(id) ?? 0) <= perCustomer - refillBatch)
      ) {
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
