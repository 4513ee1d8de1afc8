import { describe, expect, it } from 'vitest';
import { periodStartOf, sandboxDeviceState } from './device-state';
import { simulateDeviceState } from './simulation';

const car = { type: 'vehicle' as const, oemDeviceId: 'VM-0A1B2C3D' };

describe('periodStartOf', () => {
  it.each([
    ['2026-05-04T05:59:59Z', '2026-05-03T22:00:00.000Z'],
    ['2026-05-04T06:00:00Z', '2026-05-04T06:00:00.000Z'],
    ['2026-05-04T11:59:00Z', '2026-05-04T06:00:00.000Z'],
    ['2026-05-04T12:00:00Z', '2026-05-04T12:00:00.000Z'],
    ['2026-05-04T17:30:00Z', '2026-05-04T17:00:00.000Z'],
    ['2026-05-04T23:10:00Z', '2026-05-04T22:00:00.000Z'],
    ['2026-01-01T01:00:00Z', '2025-12-31T22:00:00.000Z'],
  ])('%s is in the period from %s', (at, start) => {
    expect(periodStartOf(new Date(at)).toISOString()).toBe(start);
  });
});

describe('sandboxDeviceState', () => {
  const evening = new Date('2026-05-04T18:00:00Z');
  const base = simulateDeviceState(car, evening);

  it('is the simulation when nothing was applied', () => {
    expect(sandboxDeviceState(car, evening)).toEqual(base);
    expect(base.charging).toBe(true);
  });

  it('reflects a succeeded action until the next period, not before it completed', () => {
    const applied = { stop_charging: { params: {}, at: '2026-05-04T17:30:00.000Z' } };
    expect(sandboxDeviceState(car, evening, applied)).toMatchObject({
      charging: false,
      chargingState: 'stopped',
      powerW: 0,
    });
    // Before it completed, and after the evening period (22:00), the simulation rules.
    expect(sandboxDeviceState(car, new Date('2026-05-04T17:29:00Z'), applied).charging).toBe(true);
    const night = new Date('2026-05-04T22:00:00Z');
    expect(sandboxDeviceState(car, night, applied)).toEqual(simulateDeviceState(car, night));
  });

  it('applies actions oldest first: the later one wins', () => {
    const applied = {
      start_charging: { params: {}, at: '2026-05-04T17:45:00.000Z' },
      stop_charging: { params: {}, at: '2026-05-04T17:30:00.000Z' },
      set_charge_limit: { params: { percent: 100 }, at: '2026-05-04T17:10:00.000Z' },
    };
    expect(sandboxDeviceState(car, evening, applied)).toMatchObject({
      charging: true,
      chargingState: 'charging',
      chargeLimitPercent: 100,
    });
  });

  it('covers each device type’s settings', () => {
    const at = '2026-05-04T12:30:00.000Z';
    const noon = new Date('2026-05-04T13:00:00Z');
    const cases = [
      [
        'battery',
        { set_mode: { mode: 'backup' }, set_reserve: { percent: 40 } },
        { mode: 'backup', reservePercent: 40 },
      ],
      ['solar_inverter', { set_export_limit: { watts: 2500 } }, { exportLimitW: 2500 }],
      [
        'hvac',
        { set_temperature: { celsius: 19.5 }, set_mode: { mode: 'off' } },
        { targetTemperatureC: 19.5, mode: 'off', hvacState: 'off', powerW: 0 },
      ],
      [
        'ev_charger',
        { start_charging: {}, set_current_limit: { amps: 10 } },
        { charging: true, status: 'charging', maxCurrentA: 10 },
      ],
    ] as const;
    for (const [type, actions, expected] of cases) {
      const applied = Object.fromEntries(
        Object.entries(actions).map(([name, params]) => [name, { params, at }]),
      );
      expect(sandboxDeviceState({ type, oemDeviceId: 'X-1' }, noon, applied)).toMatchObject(
        expected,
      );
    }
  });
});
