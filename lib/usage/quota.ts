import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { HOUR_MS, monthStart, nextMonthStart, secondsUntil } from './calendar';
import type { MonthCount } from './store';
import { readMonthTotals } from './store';

/**
 * The monthly quota: requests admitted per customer, environment and UTC month.
 *
 * The database holds the durable total (usage_months, written by each metering flush). Every process
 * counts what it admitted since its last flush; a decision compares the quota with
 * stored total + counted here. After each flush the stored totals are read again, so several
 * instances on one PostgreSQL see each other's requests within one flush interval. With Redis, one
 * counter per customer, environment and month (rate-limiter-flexible) is shared by every instance
 * and decides exactly; it starts from the stored total when it is created (a new month, or a Redis that
 * lost its data), and while Redis is unreachable each instance decides from the database as above.
 *
 * Refused requests are not counted. Requests of keys without a quota (sandbox) are counted too: the
 * month totals are what the dashboard shows.
 */

export interface QuotaScope {
  customerId: string;
  environment: Environment;
}

export interface QuotaDecision {
  allowed: boolean;
  limit: number;
  /** Requests left this month after this one. */
  remaining: number;
  /** Seconds until the quota renews: 00:00:00Z on the first day of next month. */
  resetSeconds: number;
}

interface ScopeState extends QuotaScope {
  month: Date;
  /** The stored total as last read; undefined until a decision needs it. */
  stored?: number;
  loading?: Promise<void>;
  /** Admitted here since the last flush took the counts. */
  pending: number;
  /** Taken by the flush in progress and not yet known to be stored. */
  flushing: number;
  lastSeen: number;
}

/** A scope idle this long, with nothing to flush, is forgotten (and read again when next used). */
const IDLE_MS = HOUR_MS;
/** Redis counters outlive their month; the month is part of their name, so none is ever reused. */
const COUNTER_TTL_SECONDS = 35 * 24 * 3600;

export interface QuotaCounterOptions {
  getDb: () => Promise<Db>;
  /** Shares the count between instances; its owner closes it. */
  redis?: Redis;
  log?: (entry: Record<string, unknown>) => void;
}

export class QuotaCounter {
  private readonly states = new Map<string, ScopeState>();
  private readonly shared?: RateLimiterRedis;
  private redisFailing = false;
  private latest = 0;
  private month = { from: 0, to: 0 };

  constructor(private readonly options: QuotaCounterOptions) {
    if (options.redis) {
      this.shared = new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: 'aj_quota',
        // Never refuses by itself: the quota differs per customer and is compared here.
        points: Number.MAX_SAFE_INTEGER,
        duration: COUNTER_TTL_SECONDS,
      });
    }
  }

  /**
   * Admits one request of `scope` at `now` under `quota` requests a month, counting it when admitted.
   * With `quota` null the request is only counted (no decision).
   */
  admit(
    scope: QuotaScope,
    quota: number | null,
    now: Date,
  ): QuotaDecision | null | Promise<QuotaDecision | null> {
    const state = this.stateOf(scope, now);
    if (quota === null) {
      state.pending++;
      return null;
    }
    const resetSeconds = secondsUntil(now, new Date(this.month.to));
    const decide = (used: number | undefined): QuotaDecision =>
      used === undefined
        ? { allowed: false, limit: quota, remaining: 0, resetSeconds }
        : { allowed: true, limit: quota, remaining: Math.max(0, quota - used), resetSeconds };
    // The hot path answers synchronously: no promise per request when the month's total is known.
    if (!this.shared && state.stored !== undefined) return decide(this.countLocal(state, quota));
    const used = this.shared ? this.admitShared(state, quota) : this.admitLocal(state, quota);
    return used.then(decide);
  }

  /** The counts the flush writes; they stay part of every decision until `settle`. */
  take(): MonthCount[] {
    const counts: MonthCount[] = [];
    for (const state of this.states.values()) {
      if (state.pending === 0) continue;
      counts.push({
        customerId: state.customerId,
        environment: state.environment,
        month: state.month,
        used: state.pending,
      });
      state.flushing += state.pending;
      state.pending = 0;
    }
    return counts;
  }

  /** After the flush: on success the stored totals are read again (they now hold the taken counts). */
  async settle(written: boolean): Promise<void> {
    const known = [...this.states.values()];
    if (!written) {
      for (const state of known) {
        state.pending += state.flushing;
        state.flushing = 0;
      }
      return;
    }
    // A read of the stored total begun before the write must not overwrite what settles here.
    await Promise.all(known.map((state) => state.loading));
    const groups = new Map<string, ScopeState[]>();
    for (const state of known) {
      if (state.stored === undefined) {
        state.flushing = 0;
        continue;
      }
      const group = `${state.environment}\0${state.month.getTime()}`;
      groups.set(group, [...(groups.get(group) ?? []), state]);
    }
    const db = groups.size > 0 ? await this.options.getDb().catch(() => undefined) : undefined;
    for (const states of groups.values()) {
      const [first] = states as [ScopeState];
      const totals = db
        ? await readMonthTotals(
            db,
            first.environment,
            first.month,
            states.map((s) => s.customerId),
          ).catch(() => undefined)
        : undefined;
      for (const state of states) {
        // Unreadable: what was just written is stored, whatever else other instances added.
        const stored = totals?.get(state.customerId) ?? (totals ? 0 : undefined);
        state.stored = stored ?? (state.stored ?? 0) + state.flushing;
        state.flushing = 0;
      }
    }
    this.forgetIdle();
  }

  /**
   * Decides from the stored total and this process's count, and counts an admitted request in the
   * same synchronous step (so concurrent requests cannot both take the last one). Returns the month's
   * count with this request, or undefined when it is over the quota.
   */
  private async admitLocal(state: ScopeState, quota: number): Promise<number | undefined> {
    if (state.stored === undefined) await this.load(state);
    return this.countLocal(state, quota);
  }

  private countLocal(state: ScopeState, quota: number): number | undefined {
    // Unknown after a failed read: decide from what this process counted (never refuse blindly).
    const used = (state.stored ?? 0) + state.flushing + state.pending + 1;
    if (used > quota) return undefined;
    state.pending++;
    return used;
  }

  private async admitShared(state: ScopeState, quota: number): Promise<number | undefined> {
    const shared = this.shared!;
    const key = `${state.environment}:${state.customerId}:${state.month.toISOString().slice(0, 7)}`;
    try {
      let used = (await shared.consume(key, 1)).consumedPoints;
      if (used === 1) {
        // The counter was just created: start it from the stored total and what is counted here.
        await this.load(state);
        const base = (state.stored ?? 0) + state.flushing + state.pending;
        if (base > 0) used = (await shared.penalty(key, base)).consumedPoints;
      }
      this.redisFailing = false;
      if (used <= quota) {
        state.pending++;
        return used;
      }
      // Refused requests do not count; if even this fails, the request stays refused.
      await shared.reward(key, 1).catch(() => undefined);
      return undefined;
    } catch (error) {
      if (!this.redisFailing) {
        this.options.log?.({
          level: 'warn',
          msg: 'quota counter: redis unavailable, deciding from the database',
          error: error instanceof Error ? error.message : String(error),
        });
      }
      this.redisFailing = true;
      return this.admitLocal(state, quota);
    }
  }

  private load(state: ScopeState): Promise<void> {
    state.loading ??= this.options
      .getDb()
      .then((db) => readMonthTotals(db, state.environment, state.month, [state.customerId]))
      .then(
        (totals) => {
          state.stored = totals.get(state.customerId) ?? 0;
        },
        (error: unknown) => {
          this.options.log?.({
            level: 'error',
            msg: 'quota counter: reading the month total failed',
            error: error instanceof Error ? error.message : String(error),
          });
        },
      )
      .finally(() => {
        state.loading = undefined;
      });
    return state.loading;
  }

  private stateOf(scope: QuotaScope, now: Date): ScopeState {
    const at = now.getTime();
    // The hot path: the month of the last request is almost always the month of this one.
    if (at < this.month.from || at >= this.month.to) {
      this.month = { from: monthStart(now).getTime(), to: nextMonthStart(now).getTime() };
    }
    const id = `${scope.environment}\0${scope.customerId}\0${this.month.from}`;
    let state = this.states.get(id);
    if (!state) {
      state = { ...scope, month: new Date(this.month.from), pending: 0, flushing: 0, lastSeen: 0 };
      this.states.set(id, state);
    }
    state.lastSeen = at;
    this.latest = Math.max(this.latest, state.lastSeen);
    return state;
  }

  private forgetIdle(): void {
    const currentMonth = monthStart(new Date(this.latest)).getTime();
    for (const [id, state] of this.states) {
      if (state.pending > 0 || state.flushing > 0 || state.loading) continue;
      if (state.month.getTime() < currentMonth || this.latest - state.lastSeen > IDLE_MS) {
        this.states.delete(id);
      }
    }
  }
}
