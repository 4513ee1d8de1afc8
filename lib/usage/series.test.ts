import { describe, expect, it } from 'vitest';
import { checkRange, emptyCounts, errorRateOf, fillSeries } from './series';

const at = (iso: string) => new Date(iso);
const now = at('2026-03-20T12:34:56Z');

describe('fillSeries', () => {
  it('gives one point per bucket, zeros where nothing was counted, rows summed per bucket', () => {
    const rows = [
      { start: at('2026-03-20T10:00:00Z'), ...emptyCounts(), requests: 8, clientErrors: 2 },
      { start: at('2026-03-20T10:00:00Z'), ...emptyCounts(), requests: 2, serverErrors: 1 },
      { start: at('2026-03-20T12:00:00Z'), ...emptyCounts(), requests: 4, rateLimited: 0 },
    ];
    const points = fillSeries(rows, {
      from: at('2026-03-20T10:00:00Z'),
      to: at('2026-03-20T13:00:00Z'),
      granularity: 'hour',
    });
    expect(points).toEqual([
      {
        start: at('2026-03-20T10:00:00Z'),
        requests: 10,
        clientErrors: 2,
        serverErrors: 1,
        rateLimited: 0,
        quotaRefused: 0,
        errorRate: 0.3,
      },
      { start: at('2026-03-20T11:00:00Z'), ...emptyCounts(), errorRate: 0 },
      { start: at('2026-03-20T12:00:00Z'), ...emptyCounts(), requests: 4, errorRate: 0 },
    ]);
  });

  it('rounds the error rate to 4 decimals and makes it 0 without requests', () => {
    expect(errorRateOf({ ...emptyCounts(), requests: 3, clientErrors: 1 })).toBe(0.3333);
    expect(errorRateOf(emptyCounts())).toBe(0);
  });
});

describe('checkRange', () => {
  it('widens the range to whole buckets', () => {
    expect(checkRange(at('2026-03-20T08:30:00Z'), at('2026-03-20T10:10:00Z'), 'hour', now)).toEqual(
      {
        ok: true,
        from: at('2026-03-20T08:00:00Z'),
        to: at('2026-03-20T11:00:00Z'),
        granularity: 'hour',
      },
    );
    expect(checkRange(at('2026-03-19T13:00:00Z'), now, 'minute', now)).toMatchObject({
      ok: true,
      to: at('2026-03-20T12:35:00Z'),
    });
  });

  it('refuses an empty or reversed range, and ranges too long for their granularity', () => {
    expect(checkRange(now, now, 'hour', now)).toEqual({
      ok: false,
      field: 'to',
      reason: 'must be after from',
    });
    expect(checkRange(at('2026-03-19T12:00:00Z'), now, 'minute', now)).toEqual({
      ok: false,
      field: 'to',
      reason: 'the range may span at most 24 hours at minute granularity',
    });
    expect(checkRange(at('2026-02-01T00:00:00Z'), now, 'hour', now)).toMatchObject({
      ok: false,
      reason: 'the range may span at most 31 days at hour granularity',
    });
    expect(checkRange(at('2026-01-01T00:00:00Z'), now, 'day', now)).toMatchObject({ ok: true });
  });

  it('refuses what is no longer kept: minutes after 7 days, anything after 90', () => {
    expect(
      checkRange(at('2026-03-12T00:00:00Z'), at('2026-03-12T06:00:00Z'), 'minute', now),
    ).toEqual({
      ok: false,
      field: 'granularity',
      reason: 'minute detail is kept for 7 days: use hour or day for older ranges',
    });
    expect(
      checkRange(at('2026-03-12T00:00:00Z'), at('2026-03-12T06:00:00Z'), 'hour', now),
    ).toMatchObject({ ok: true });
    expect(checkRange(at('2025-12-01T00:00:00Z'), at('2025-12-20T00:00:00Z'), 'day', now)).toEqual({
      ok: false,
      field: 'from',
      reason: 'usage is kept for 90 days',
    });
  });
});
