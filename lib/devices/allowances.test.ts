import { describe, expect, it } from 'vitest';
import { admitOverage } from './allowances';

const d = (oem: string, overage = false) => ({ oem, overage });

describe('admitOverage', () => {
  it('admits flagged devices, oldest first, when a raised global cap has room', () => {
    const devices = [d('a'), d('a', true), d('b', true)];
    expect(admitOverage(devices, { globalCap: 2, oemCaps: {} })).toEqual([false, false, true]);
    expect(admitOverage(devices, { globalCap: null, oemCaps: {} })).toEqual([false, false, false]);
  });

  it('respects per-OEM caps while admitting', () => {
    const devices = [d('a'), d('a', true), d('b', true)];
    expect(admitOverage(devices, { globalCap: 10, oemCaps: { a: 1 } })).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('never flags a device already within allowance when caps are lowered', () => {
    const devices = [d('a'), d('a'), d('b', true)];
    expect(admitOverage(devices, { globalCap: 1, oemCaps: { a: 0 } })).toEqual([
      false,
      false,
      true,
    ]);
  });
});
