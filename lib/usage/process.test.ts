import { afterEach, describe, expect, it } from 'vitest';
import { flushProcessUsage, shareProcessUsage } from './process';

describe('the process usage tracker', () => {
  afterEach(() => shareProcessUsage(undefined));

  it('flushes the shared tracker, and does nothing without one', async () => {
    await expect(flushProcessUsage()).resolves.toBeUndefined();
    let flushes = 0;
    shareProcessUsage({ flush: async () => void flushes++ });
    await flushProcessUsage();
    await flushProcessUsage();
    expect(flushes).toBe(2);
  });
});
