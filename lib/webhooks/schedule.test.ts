import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE } from '../config';
import { MAX_RETRY_AFTER_SECONDS, nextRetryDelayMs, parseRetryAfter } from './schedule';

describe('nextRetryDelayMs', () => {
  it('follows the schedule by attempt number, within ±20% jitter', () => {
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 0, 0.5)).toBe(0);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 1, 0.5)).toBe(5000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 2, 0)).toBe(240_000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 2, 0.999999)).toBeCloseTo(360_000, -1);
  });

  it('ends after the last entry (10 attempts by default)', () => {
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 9, 0.5)).toBe(86_400_000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SCHEDULE, 10, 0.5)).toBeUndefined();
  });

  it('waits at least Retry-After, capped at a day', () => {
    expect(nextRetryDelayMs([0, 5], 1, 0.5, 120)).toBe(120_000);
    expect(nextRetryDelayMs([0, 500], 1, 0.5, 1)).toBe(500_000);
    expect(nextRetryDelayMs([0, 5], 1, 0.5, 10 * MAX_RETRY_AFTER_SECONDS)).toBe(
      MAX_RETRY_AFTER_SECONDS * 1000,
    );
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
