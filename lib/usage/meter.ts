import type { Environment } from '../db/schema';
import { MINUTE_MS } from './calendar';

/**
 * The in-memory side of metering: answered requests counted per key, route template, status class and
 * UTC minute, until the next flush writes them in one batch (see tracker.ts). Recording a request is a
 * map lookup and an increment; nothing here touches the database. Pure.
 */

export type Refusal = 'rate_limited' | 'quota_refused';

export interface MeteredRequest {
  keyId: string;
  customerId: string;
  environment: Environment;
  /** Method and route template, e.g. `GET /api/{deviceType}/{deviceId}`. */
  route: string;
  status: number;
  /** Set when the API refused the request for the key's rate or its monthly quota. */
  refusal?: Refusal;
}

export interface MinuteCount {
  keyId: string;
  customerId: string;
  environment: Environment;
  route: string;
  /** 2 … 5 for 2xx … 5xx. */
  statusClass: number;
  /** Start of the UTC minute. */
  bucket: Date;
  requests: number;
  rateLimited: number;
  quotaRefused: number;
}

/** 2xx → 2 … 5xx → 5; anything outside 100–599 counts as a server error. */
export function statusClassOf(status: number): number {
  const cls = Math.floor(status / 100);
  return cls >= 1 && cls <= 5 ? cls : 5;
}

function countId(minute: number, keyId: string, route: string, statusClass: number): string {
  return `${minute}\0${keyId}\0${route}\0${statusClass}`;
}

export class MinuteCounts {
  private counts = new Map<string, MinuteCount>();
  /** The count the previous request went to: a client polling one route mostly hits it again. */
  private last: MinuteCount | undefined;

  /** Counts one answered request at `now`. */
  record(request: MeteredRequest, now: Date): void {
    const at = now.getTime();
    const statusClass = statusClassOf(request.status);
    let count = this.last;
    if (
      count === undefined ||
      count.keyId !== request.keyId ||
      count.route !== request.route ||
      count.statusClass !== statusClass ||
      at < count.bucket.getTime() ||
      at >= count.bucket.getTime() + MINUTE_MS
    ) {
      const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
      const id = countId(minute, request.keyId, request.route, statusClass);
      count = this.counts.get(id);
      if (!count) {
        count = {
          keyId: request.keyId,
          customerId: request.customerId,
          environment: request.environment,
          route: request.route,
          statusClass,
          bucket: new Date(minute),
          requests: 0,
          rateLimited: 0,
          quotaRefused: 0,
        };
        this.counts.set(id, count);
      }
      this.last = count;
    }
    count.requests++;
    if (request.refusal === 'rate_limited') count.rateLimited++;
    else if (request.refusal === 'quota_refused') count.quotaRefused++;
  }

  /** Everything counted so far, leaving the counts empty (the flush writes what it takes). */
  take(): MinuteCount[] {
    const taken = [...this.counts.values()];
    this.counts = new Map();
    this.last = undefined;
    return taken;
  }

  /** Puts back counts whose write failed, adding them to whatever was counted meanwhile. */
  restore(counts: readonly MinuteCount[]): void {
    for (const count of counts) {
      const id = countId(count.bucket.getTime(), count.keyId, count.route, count.statusClass);
      const current = this.counts.get(id);
      if (current) {
        current.requests += count.requests;
        current.rateLimited += count.rateLimited;
        current.quotaRefused += count.quotaRefused;
      } else {
        this.counts.set(id, { ...count });
      }
    }
  }

  /** Distinct (minute, key, route, status class) entries waiting for the flush. */
  get size(): number {
    return this.counts.size;
  }
}
