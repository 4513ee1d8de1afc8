import { describe, expect, it } from 'vitest';
import {
  formatBucket,
  formatRate,
  gridLines,
  layOutBars,
  niceCeiling,
  parseUsagePeriod,
  peakOf,
  periodRange,
  shareOf,
} from './usage-view';

const now = new Date('2026-12-01T14:37:12Z');

describe('parseUsagePeriod', () => {
  it('takes the three periods and nothing else', () => {
    expect(parseUsagePeriod('24h')).toBe('24h');
    expect(parseUsagePeriod('7d')).toBe('7d');
    expect(parseUsagePeriod('30d')).toBe('30d');
    for (const other of [undefined, '', '1y', ['7d'], 'toString', '__proto__']) {
      expect(parseUsagePeriod(other)).toBe('24h');
    }
  });
});

describe('periodRange', () => {
  it('ends with the current bucket and spans the period in whole buckets', () => {
    expect(periodRange('24h', now)).toEqual({
      from: new Date('2026-11-30T15:00:00Z'),
      to: new Date('2026-12-01T15:00:00Z'),
      granularity: 'hour',
    });
    expect(periodRange('7d', now)).toEqual({
      from: new Date('2026-11-24T15:00:00Z'),
      to: new Date('2026-12-01T15:00:00Z'),
      granularity: 'hour',
    });
    expect(periodRange('30d', now)).toEqual({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
      granularity: 'day',
    });
  });

  it('at the first instant of a bucket includes that bucket', () => {
    const range = periodRange('24h', new Date('2026-12-01T14:00:00Z'));
    expect(range.to).toEqual(new Date('2026-12-01T15:00:00Z'));
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(18)).toBe(20);
    expect(niceCeiling(20)).toBe(20);
    expect(niceCeiling(201)).toBe(500);
    expect(niceCeiling(5001)).toBe(10_000);
    expect(niceCeiling(0.04, 0.01)).toBe(0.05);
    expect(niceCeiling(0.001, 0.01)).toBe(0.01);
  });
});

describe('layOutBars', () => {
  const frame = { width: 100, height: 50, max: 10 };

  it('scales values to the height, bottom-aligned, one slot each', () => {
    const bars = layOutBars([{ value: 10 }, { value: 5 }, { value: 0 }, { value: 2 }], frame);
    expect(bars.map((b) => b.height)).toEqual([50, 25, 0, 10]);
    expect(bars.map((b) => b.y)).toEqual([0, 25, 50, 40]);
    expect(bars.map((b) => b.x)).toEqual([2, 27, 52, 77]);
    expect(bars.every((b) => b.width === 21)).toBe(true);
  });

  it('draws the part at the bottom of its bar, never taller than it', () => {
    const [bar] = layOutBars([{ value: 8, part: 2 }], frame);
    expect(bar).toMatchObject({ y: 10, height: 40, partY: 40, partHeight: 10 });
    const [capped] = layOutBars([{ value: 4, part: 9 }], frame);
    expect(capped!.partHeight).toBe(capped!.height);
  });

  it('keeps a small value visible and clips one above the top', () => {
    const [tiny, huge] = layOutBars([{ value: 0.01 }, { value: 1000 }], frame);
    expect(tiny!.height).toBe(1);
    expect(huge).toMatchObject({ y: 0, height: 50 });
  });

  it('draws nothing for nothing, and no bars when max is zero', () => {
    expect(layOutBars([], frame)).toEqual([]);
    expect(layOutBars([{ value: 3 }], { ...frame, max: 0 })[0]!.height).toBe(0);
  });

  it('leaves no gap when bars are narrow', () => {
    const bars = layOutBars(
      Array.from({ length: 200 }, () => ({ value: 1 })),
      frame,
    );
    expect(bars[0]!.width).toBe(0.5);
    expect(bars[1]!.x).toBe(0.5);
  });
});

describe('formatting', () => {
  it('reads rates, buckets and grid values', () => {
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(0.3333)).toBe('33.3%');
    expect(formatRate(1)).toBe('100%');
    expect(formatBucket(new Date('2026-12-01T14:00:00Z'), 'hour')).toBe('2026-12-01 14:00');
    expect(formatBucket(new Date('2026-12-01T00:00:00Z'), 'day')).toBe('2026-12-01');
    expect(gridLines(20)).toEqual([0, 5, 10, 15, 20]);
  });

  it('finds the busiest bucket', () => {
    const point = (requests: number, hour: number) => ({
      start: new Date(Date.UTC(2026, 11, 1, hour)),
      requests,
      clientErrors: 0,
      serverErrors: 0,
      rateLimited: 0,
      quotaRefused: 0,
      errorRate: 0,
    });
    expect(peakOf([point(0, 1), point(0, 2)])).toBeUndefined();
    expect(peakOf([point(3, 1), point(9, 2), point(9, 3)])!.start.getUTCHours()).toBe(2);
  });

  it('measures a share of a cap', () => {
    expect(shareOf(5, null)).toBeNull();
    expect(shareOf(5, 10)).toBe(0.5);
    expect(shareOf(15, 10)).toBe(1);
    expect(shareOf(0, 0)).toBe(0);
    expect(shareOf(1, 0)).toBe(1);
  });
});
