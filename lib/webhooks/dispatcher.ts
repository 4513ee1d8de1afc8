import { ENVIRONMENTS } from '../db/schema';
import { deliverClaim } from './attempt';
import type { AttemptContext } from './attempt';
import type { DispatcherOptions } from './dispatcher-options';
import { analyzeDeliveryQueue, claimDueDeliveries, releaseClaims } from './deliveries';
import type { ClaimedDelivery } from './deliveries';
import { createRecorder } from './recorder';
import { createSender } from './sender';
import { createSigner } from './secrets';
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
    sign: createSigner(opts.appSecret),
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

  /** Attempts holding a slot: started and not yet recorded. */
  const inFlight = new Set<Promise<void>>();
  /**
   * Claimed deliveries waiting for a slot, oldest first. The loop claims up to `concurrency` beyond the
   * slots (prefetch), so a slot that frees starts the next delivery at once instead of waiting for a
   * claim's round trip, and claims come in batches. What is left here when the dispatcher stops is
   * given back (`releaseClaims`), not left to its lease.
   */
  const ready: ClaimedDelivery[] = [];
  const capacity = opts.manual ? concurrency : concurrency * 2;
  /** Deliveries one customer may be sending at once. */
  const perCustomer = Math.max(
    1,
    Math.min(
      concurrency,
      opts.perCustomerConcurrency ?? concurrency - Math.max(1, Math.floor(concurrency / 8)),
    ),
  );
  /**
   * Deliveries one customer may hold (sending + waiting): the share a claim respects. A waiting one
   * starts at the latest when its customer's current attempts time out, so it is sent within two
   * request timeouts of its claim (30 s for live), well inside its lease.
   */
  const claimShare = opts.manual ? perCustomer : perCustomer * 2;
  /**
   * A claim is made once this many places are free (half the slots, 8 of 16): while they are claimed the
   * other half of the prefetched deliveries keeps every slot busy, and fewer, larger claims cost the
   * database and this process less. A claim per finished delivery would make the (serial) claim query
   * the bottleneck. Without prefetch (manual), 2 of 16.
   */
  const refillBatch = Math.max(
    1,
    Math.min(perCustomer, Math.floor(concurrency / (opts.manual ? 8 : 2))),
  );
  /** How many more deliveries the next claim may take. */
  const room = () => Math.max(0, capacity - inFlight.size - ready.length);
  /** Deliveries sending, by customer (the per-customer slot limit). */
  const sendingBy = new Map<string, number>();
  /** Deliveries sending or waiting, by customer (the claim's fair share). */
  const heldBy = new Map<string, number>();
  const add = (counts: Map<string, number>, id: string, n: number) => {
    const total = (counts.get(id) ?? 0) + n;
    if (total > 0) counts.set(id, total);
    else counts.delete(id);
    return total;
  };
  /** The last claim filled every free place: there is likely more to claim. */
  let saturated = false;
  /** Customers the last claim left at their share: they may have more due once one of theirs is done. */
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

  /** Starts one claimed delivery in a slot. */
  const start = (claim: ClaimedDelivery): Promise<void> => {
    add(sendingBy, claim.customerId, 1);
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
    return job;
  };

  /** Starts waiting deliveries, oldest first, while slots are free and their customer is below its limit. */
  const pump = (): Promise<void>[] => {
    const started: Promise<void>[] = [];
    for (let i = 0; i < ready.length && inFlight.size < concurrency;) {
      const claim = ready[i]!;
      if ((sendingBy.get(claim.customerId) ?? 0) >= perCustomer) i += 1;
      else started.push(start(ready.splice(i, 1)[0]!));
    }
    return started;
  };

  /** The attempt is over and its outcome written: its slot is free again. */
  const finished = (job: Promise<void>, customerId: string) => {
    inFlight.delete(job);
    add(sendingBy, customerId, -1);
    const held = add(heldBy, customerId, -1);
    pump();
    if (!running) return;
    // Claim again as soon as a batch of places is free that the last claim could not fill: any when it
    // filled them all, this customer's when it was held to its share. Claims are serial, so deliveries
    // that finish while one runs are claimed together by the next.
    if (
      (saturated && room() === refillBatch) ||
      (atShare.has(customerId) && held === claimShare - refillBatch)
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

  /** Claims up to `limit` due deliveries (one statement for every environment); they wait in `ready`. */
  const fill = async (limit: number): Promise<number> => {
    await analyzeIfDue();
    const counted = new Map(heldBy);
    const claims = await claimDueDeliveries(opts.db, environments, {
      now: ctx.clock(),
      leaseMs,
      limit,
      fairShare: { perCustomer: claimShare, inFlight: counted },
    });
    claimedSinceAnalyze += claims.length;
    for (const claim of claims) {
      add(counted, claim.customerId, 1);
      add(heldBy, claim.customerId, 1);
      ready.push(claim);
    }
    // Whoever the claim saw at its share (held back, or filled up to it) may have more due.
    atShare = new Set([...counted].filter(([, n]) => n >= claimShare).map(([id]) => id));
    return claims.length;
  };

  const loop = async () => {
    while (running) {
      let claimed = 0;
      let claimFailed = false;
      const free = room();
      try {
        if (free > 0) claimed = await fill(free);
        pump();
      } catch (error) {
        ctx.log({ event: 'webhook.claim_error', error: String(error) });
        claimFailed = true; // back off to the poll interval
      }
      // Saturated: every slot is busy or was just filled, so there is likely more to claim.
      saturated = !claimFailed && (free <= 0 || claimed === free);
      if (claimFailed) atShare = new Set();
      if (!running) break;
      const drained = claimed === 0 && inFlight.size === 0 && ready.length === 0;
      if (drained && !idle) ctx.log({ event: 'webhook.idle' });
      idle = drained;
      const freeNow = room();
      if (saturated && freeNow >= refillBatch) continue;
      // A customer the claim held to its share had deliveries finish while it ran, down to the refill
      // point or below: no later completion will wake the loop for them, so claim again now.
      if (
        freeNow > 0 &&
        [...atShare].some((id) => (heldBy.get(id) ?? 0) <= claimShare - refillBatch)
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
      await fill(room());
      const jobs = pump();
      await Promise.all(jobs);
      return jobs.length;
    },
    async stop() {
      running = false;
      wake();
      await loopDone;
      const unstarted = ready.splice(0);
      try {
        await releaseClaims(opts.db, unstarted);
      } catch (error) {
        // Not given back, they are claimed again when their lease ends.
        ctx.log({ event: 'webhook.release_error', error: String(error) });
      }
      while (inFlight.size > 0) await Promise.all(inFlight);
      unsubscribe();
      ctx.sender.close();
    },
  };
}
