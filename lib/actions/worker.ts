import type { Db } from '../db/client';
import { ENVIRONMENTS } from '../db/schema';
import type { Environment } from '../db/schema';
import type { OemAdapterRegistry } from '../oem';
import { createOemAdapterRegistry } from '../oem';
import { createDbCommandLog } from '../oem/sandbox-command-store';
import type { ExecutionContext } from './execute';
import { executeClaim } from './execute';
import { pruneIdempotencyKeys } from './queries';
import { claimDueActions } from './queue';
import { fireDueSchedules } from './schedules';
import { IDEMPOTENCY_KEY_TTL_MS } from './types';
import { onActionWorkerWake } from './wake';

export interface ActionWorkerOptions {
  db: Db;
  appSecret: string;
  environments?: Environment[];
  /** Actions in flight at once (per process). */
  concurrency?: number;
  /**
   * How long a claim holds an action. After a crash this is how long the action waits to be taken
   * over; it must exceed `callTimeoutMs`, or a slow OEM call is repeated by a second worker (which is
   * harmless — same idempotency key — but wasteful).
   */
  leaseMs?: number;
  callTimeoutMs?: number;
  pollIntervalMs?: number;
  /**
   * While nothing is due, the wait between polls doubles up to this (default `pollIntervalMs`: no
   * back-off): for a database only this process writes (the embedded one), where accepted actions
   * wake the worker at once.
   */
  idlePollIntervalMs?: number;
  /** How often due schedules are looked for (they fire within this of their time). */
  schedulePollMs?: number;
  clock?: () => Date;
  /** OEM adapters; default: the catalogue's, sandbox commands remembered in `db`. */
  adapters?: OemAdapterRegistry;
  log?: (event: Record<string, unknown>) => void;
  /** No background loop: work happens only on `tick()` (tests with an injected clock). */
  manual?: boolean;
}

export interface ActionWorker {
  /** Fires due schedules, then claims and carries out due actions, now; resolves with the counts. */
  tick(): Promise<{ schedules: number; actions: number }>;
  stop(): Promise<void>;
}

const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Starts the action worker: it fires due schedules and claims due actions (`FOR UPDATE SKIP LOCKED`
 * with a lease, so any number of workers in any number of processes share the work), asks the OEM
 * and settles each action with its outcome webhook. It polls, `notifyActionWorker()` wakes it at once
 * after an action is accepted, and it sets a timer for the moment an OEM said it will be done.
 */
export function startActionWorker(opts: ActionWorkerOptions): ActionWorker {
  const concurrency = Math.max(1, opts.concurrency ?? 32);
  const leaseMs = opts.leaseMs ?? 15_000;
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  const idlePollIntervalMs = Math.max(pollIntervalMs, opts.idlePollIntervalMs ?? pollIntervalMs);
  let wait = pollIntervalMs;
  const schedulePollMs = opts.schedulePollMs ?? 5_000;
  const environments = opts.environments ?? [...ENVIRONMENTS].reverse(); // live first
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const timers = new Set<NodeJS.Timeout>();

  let running = true;
  let wakeUp: (() => void) | undefined;
  /** A wake-up that came while the loop was busy: it must not be lost. */
  let wokenWhileBusy = false;
  const wake = () => {
    const w = wakeUp;
    wakeUp = undefined;
    if (w) w();
    else wokenWhileBusy = true;
  };
  const unsubscribe = onActionWorkerWake(wake);

  const ctx: ExecutionContext = {
    db: opts.db,
    appSecret: opts.appSecret,
    adapters: opts.adapters ?? createOemAdapterRegistry(createDbCommandLog(opts.db)),
    clock,
    callTimeoutMs: opts.callTimeoutMs ?? Math.min(10_000, Math.floor(leaseMs / 2)),
    log,
    wakeAt: (at) => {
      if (opts.manual || !running) return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          wake();
        },
        Math.max(0, at.getTime() - clock().getTime()),
      );
      timer.unref?.();
      timers.add(timer);
    },
  };

  const inFlight = new Set<Promise<void>>();

  /** Claims as many due actions as there are free slots and starts them. */
  const fill = async (slots: number): Promise<Promise<void>[]> => {
    const started: Promise<void>[] = [];
    for (const environment of environments) {
      const free = slots - started.length;
      if (free <= 0) break;
      const claims = await claimDueActions(opts.db, environment, {
        now: clock(),
        leaseMs,
        limit: free,
      });
      for (const claim of claims) {
        started.push(
          executeClaim(ctx, claim).catch((error: unknown) => {
            // The lease makes this safe: the action is claimed again once it expires.
            log({ event: 'action.execute_error', actionId: claim.actionId, error: String(error) });
          }),
        );
      }
    }
    return started;
  };

  const fireSchedules = async (): Promise<number> => {
    let fired = 0;
    for (const environment of environments) {
      // Batches of 100 until none is due.
      for (;;) {
        const handled = await fireDueSchedules(opts.db, environment, { now: clock() });
        fired += handled;
        if (handled < 100) break;
      }
    }
    return fired;
  };

  let nextScheduleCheck = 0;
  let nextPrune = 0;
  const housekeeping = async () => {
    const now = clock().getTime();
    if (now >= nextScheduleCheck) {
      nextScheduleCheck = now + schedulePollMs;
      await fireSchedules();
    }
    if (now >= nextPrune) {
      nextPrune = now + PRUNE_INTERVAL_MS;
      for (const environment of environments) {
        await pruneIdempotencyKeys(opts.db, environment, new Date(now - IDEMPOTENCY_KEY_TTL_MS));
      }
    }
  };

  const loop = async () => {
    while (running) {
      let saturated = false;
      let claimed = 0;
      try {
        await housekeeping();
        const free = concurrency - inFlight.size;
        if (free > 0) {
          const jobs = await fill(free);
          claimed = jobs.length;
          saturated = jobs.length === free;
          for (const job of jobs) {
            inFlight.add(job);
            void job.finally(() => {
              inFlight.delete(job);
              if (saturated) wake();
            });
          }
        }
      } catch (error) {
        log({ event: 'action.claim_error', error: String(error) });
      }
      if (!running) break;
      if (saturated && inFlight.size < concurrency) continue;
      if (wokenWhileBusy) {
        wokenWhileBusy = false;
        continue;
      }
      // Idle (nothing claimed, nothing in flight): poll less and less often, up to the idle interval.
      wait =
        claimed === 0 && inFlight.size === 0
          ? Math.min(idlePollIntervalMs, wait * 2)
          : pollIntervalMs;
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
      const schedules = await fireSchedules();
      const jobs = await fill(concurrency);
      await Promise.all(jobs);
      return { schedules, actions: jobs.length };
    },
    async stop() {
      running = false;
      wake();
      await loopDone;
      await Promise.all(inFlight);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      unsubscribe();
    },
  };
}
