import { describe, expect, it } from 'vitest';
import type { MeteredRequest } from './meter';
import { MinuteCounts, statusClassOf } from './meter';

const request = (overrides: Partial<MeteredRequest> = {}): MeteredRequest => ({
  keyId: 'key_a',
  customerId: 'cus_a',
  environment: 'live',
  route: 'GET /api/devices',
  status: 200,
  ...overrides,
});
const t = new Date('2026-03-02T08:17:10Z');
const later = new Date('2026-03-02T08:17:59.999Z');
const nextMinute = new Date('2026-03-02T08:18:00Z');

describe('MinuteCounts', () => {
  it('counts runs of the same request into the right minute, also after a flush took the counts', () => {
    const counts = new MinuteCounts();
    for (let i = 0; i < 3; i++) counts.record(request(), t);
    counts.record(request(), nextMinute);
    // A clock that steps back lands in its own minute, not in the one counted last.
    counts.record(request(), later);
    const first = counts.take();
    expect(first.map((c) => [c.bucket.toISOString(), c.requests]).sort()).toEqual([
      ['2026-03-02T08:17:00.000Z', 4],
      ['2026-03-02T08:18:00.000Z', 1],
    ]);
    counts.record(request(), nextMinute);
    counts.record(request(), nextMinute);
    expect(counts.take()).toEqual([expect.objectContaining({ requests: 2, statusClass: 2 })]);
    expect(first.find((c) => c.bucket.getTime() === nextMinute.getTime())?.requests).toBe(1);
  });

  it('aggregates per key, route, status class and minute', () => {
    const counts = new MinuteCounts();
    counts.record(request(), t);
    counts.record(request({ status: 204 }), later);
    counts.record(request({ status: 404 }), t);
    counts.record(request({ status: 429, refusal: 'rate_limited' }), t);
    counts.record(request({ status: 429, refusal: 'quota_refused' }), t);
    counts.record(request({ route: 'GET /api/oems' }), t);
    counts.record(request({ keyId: 'key_b' }), t);
    counts.record(request(), nextMinute);
    expect(counts.size).toBe(5);
    const taken = counts.take();
    expect(counts.size).toBe(0);
    const find = (keyId: string, route: string, statusClass: number, minute: string) =>
      taken.find(
        (c) =>
          c.keyId === keyId &&
          c.route === route &&
          c.statusClass === statusClass &&
          c.bucket.toISOString() === minute,
      );
    expect(find('key_a', 'GET /api/devices', 2, '2026-03-02T08:17:00.000Z')).toMatchObject({
      requests: 2,
      rateLimited: 0,
      quotaRefused: 0,
      customerId: 'cus_a',
      environment: 'live',
    });
    expect(find('key_a', 'GET /api/devices', 4, '2026-03-02T08:17:00.000Z')).toMatchObject({
      requests: 3,
      rateLimited: 1,
      quotaRefused: 1,
    });
    expect(find('key_a', 'GET /api/devices', 2, '2026-03-02T08:18:00.000Z')?.requests).toBe(1);
    expect(taken.reduce((n, c) => n + c.requests, 0)).toBe(8);
  });

  it('puts back counts whose write failed, adding what came meanwhile', () => {
    const counts = new MinuteCounts();
    counts.record(request(), t);
    counts.record(request(), t);
    const failed = counts.take();
    counts.record(request(), t);
    counts.record(request({ status: 500 }), t);
    counts.restore(failed);
    const again = counts.take();
    expect(again.find((c) => c.statusClass === 2)?.requests).toBe(3);
    expect(again.find((c) => c.statusClass === 5)?.requests).toBe(1);
  });

  it('classes statuses, anything odd as a server error', () => {
    expect([200, 201, 302, 400, 429, 503, 0, 999].map(statusClassOf)).toEqual([
      2, 2, 3, 4, 4, 5, 5, 5,
    ]);
  });
});
