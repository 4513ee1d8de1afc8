import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DEVICE_TYPES, type DeviceType } from './catalogue';
import { simulateDeviceState, solarShape, timeOfDayAt } from './simulation';

const DAY = Date.UTC(2026, 5, 15);
/** An instant on a fixed day at a fractional UTC hour. */
const at = (hour: number) => new Date(DAY + Math.round(hour * 3_600_000));
const IDS = ['VM-7F3A9C21', 'AA-00000000', 'SS-FFFFFFFF', 'HI-12AB34CD', 'x', ''];
const state = (type: DeviceType, oemDeviceId: string, hour: number) =>
  simulateDeviceState({ type, oemDeviceId }, at(hour));
/** Hours 0.0, 0.25, … 23.75 */
const QUARTERS = Array.from({ length: 96 }, (_, i) => i / 4);
const num = (value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`not a number: ${String(value)}`);
  return value;
};

describe('common fields', () => {
  it('carry the instant and the time-of-day label', () => {
    const s = simulateDeviceState(
      { type: 'battery', oemDeviceId: 'SS-1' },
      new Date('2026-03-01T07:45:00.000Z'),
    );
    expect(s.at).toBe('2026-03-01T07:45:00.000Z');
    expect(s.timeOfDay).toBe('morning');
  });

  it.each([
    [0, 'night'],
    [5.99, 'night'],
    [6, 'morning'],
    [11.99, 'morning'],
    [12, 'afternoon'],
    [16.99, 'afternoon'],
    [17, 'evening'],
    [21.99, 'evening'],
    [22, 'night'],
    [23.99, 'night'],
  ] as const)('hour %d is %s', (hour, label) => {
    expect(timeOfDayAt(at(hour))).toBe(label);
  });

  it('uses UTC whatever the instant was written in', () => {
    const a = simulateDeviceState(
      { type: 'hvac', oemDeviceId: 'NC-1' },
      new Date('2026-03-01T12:00:00+05:00'),
    );
    const b = simulateDeviceState(
      { type: 'hvac', oemDeviceId: 'NC-1' },
      new Date('2026-03-01T07:00:00Z'),
    );
    expect(a).toEqual(b);
  });

  it('rejects an invalid date', () => {
    expect(() =>
      simulateDeviceState({ type: 'vehicle', oemDeviceId: 'x' }, new Date('nope')),
    ).toThrow(RangeError);
  });

  it('is deterministic: same device and instant, same state; the date does not matter, only the hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEVICE_TYPES),
        fc.string(),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (type, id, instant) => {
          const a = simulateDeviceState({ type, oemDeviceId: id }, instant);
          const b = simulateDeviceState({ type, oemDeviceId: id }, new Date(instant.getTime()));
          expect(b).toEqual(a);
          const nextDay = simulateDeviceState(
            { type, oemDeviceId: id },
            new Date(instant.getTime() + 86_400_000),
          );
          expect({ ...nextDay, at: a.at }).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('varies per device', () => {
    for (const type of DEVICE_TYPES) {
      const seen = new Set(
        Array.from({ length: 20 }, (_, i) => JSON.stringify(state(type, `DEV-${i}`, 2))),
      );
      expect(seen.size).toBeGreaterThan(1);
    }
  });

  it('never reports negative power or out-of-range charge', () => {
    for (const type of DEVICE_TYPES) {
      for (const id of IDS) {
        for (const hour of QUARTERS) {
          const s = state(type, id, hour);
          expect(num(s.powerW)).toBeGreaterThanOrEqual(0);
          if ('socPercent' in s) {
            expect(num(s.socPercent)).toBeGreaterThanOrEqual(0);
            expect(num(s.socPercent)).toBeLessThanOrEqual(100);
          }
        }
      }
    }
  });
});

describe('vehicle', () => {
  it.each(IDS)('%j: plugged in at 80–95 %% all morning (06–11), not charging', (id) => {
    const limit = num(state('vehicle', id, 6).chargeLimitPercent);
    expect(limit).toBeGreaterThanOrEqual(80);
    expect(limit).toBeLessThanOrEqual(95);
    for (const hour of [6, 7.5, 9, 10.99]) {
      expect(state('vehicle', id, hour)).toMatchObject({
        isPluggedIn: true,
        isDriving: false,
        chargingState: 'complete',
        socPercent: limit,
        powerW: 0,
        timeOfDay: 'morning',
      });
    }
  });

  it.each(IDS)('%j: driving and unplugged in the afternoon with SoC falling', (id) => {
    const hours = [11, 12, 13.5, 15, 16.9];
    const socs = hours.map((h) => {
      const s = state('vehicle', id, h);
      expect(s).toMatchObject({
        isPluggedIn: false,
        isDriving: true,
        chargingState: 'disconnected',
        powerW: 0,
      });
      return num(s.socPercent);
    });
    for (let i = 1; i < socs.length; i++) expect(socs[i]).toBeLessThan(socs[i - 1] as number);
    expect(socs.at(-1)).toBeLessThan(70);
  });

  it.each(IDS)('%j: plugged in and charging from 17:00, rising to the limit by 06:00', (id) => {
    const limit = num(state('vehicle', id, 8).chargeLimitPercent);
    const evening = state('vehicle', id, 17.5);
    expect(evening).toMatchObject({
      isPluggedIn: true,
      isDriving: false,
      chargingState: 'charging',
    });
    expect(num(evening.powerW)).toBeGreaterThan(0);
    let previous = num(state('vehicle', id, 17).socPercent);
    for (const hour of [18, 20, 23, 24.5, 27, 29.99]) {
      const s = state('vehicle', id, hour % 24);
      expect(s.isPluggedIn).toBe(true);
      expect(['charging', 'complete']).toContain(s.chargingState);
      expect(s.powerW === 0).toBe(s.chargingState === 'complete');
      expect(num(s.socPercent)).toBeGreaterThanOrEqual(previous);
      previous = num(s.socPercent);
    }
    expect(state('vehicle', id, 5.99).socPercent).toBe(limit);
  });
});

describe('battery', () => {
  it.each(IDS)('%j: charges from solar 10–15, discharges 17–22, idle otherwise', (id) => {
    const expected = (h: number) =>
      h >= 10 && h < 15 ? 'charging' : h >= 17 && h < 22 ? 'discharging' : 'idle';
    for (const hour of QUARTERS) {
      const s = state('battery', id, hour);
      expect(s.chargingState).toBe(expected(hour));
      expect(num(s.powerW) > 0).toBe(expected(hour) !== 'idle');
    }
    const midday = [10, 11, 12.5, 14.9].map((h) => num(state('battery', id, h).socPercent));
    const evening = [17, 18, 20, 21.9].map((h) => num(state('battery', id, h).socPercent));
    expect([...midday].sort((a, b) => a - b)).toEqual(midday);
    expect([...evening].sort((a, b) => b - a)).toEqual(evening);
    expect(num(state('battery', id, 3).socPercent)).toBeLessThan(
      num(state('battery', id, 16).socPercent),
    );
    expect(num(state('battery', id, 3).socPercent)).toBeGreaterThan(
      num(state('battery', id, 3).reservePercent),
    );
  });
});

describe('solar inverter', () => {
  it.each(IDS)('%j: exactly 0 W at night (before 06, from 20)', (id) => {
    for (const hour of [0, 2, 4, 5.5, 5.99, 6, 20, 20.5, 22, 23.99]) {
      expect(state('solar_inverter', id, hour)).toMatchObject({ powerW: 0, status: 'standby' });
    }
  });

  it.each(IDS)('%j: a bell curve peaking between 12 and 13 UTC', (id) => {
    const powers = QUARTERS.map((h) => num(state('solar_inverter', id, h).powerW));
    const peak = Math.max(...powers);
    const peakHour = QUARTERS[powers.indexOf(peak)] as number;
    expect(peakHour).toBeGreaterThanOrEqual(12);
    expect(peakHour).toBeLessThanOrEqual(13);
    const rated = num(state('solar_inverter', id, 12.5).ratedPowerW);
    expect(peak).toBeGreaterThan(0.75 * rated);
    expect(peak).toBeLessThanOrEqual(rated);
    // Rising all morning, falling all afternoon.
    const morning = [6.5, 8, 10, 12].map((h) => num(state('solar_inverter', id, h).powerW));
    const afternoon = [13, 15, 17, 19.5].map((h) => num(state('solar_inverter', id, h).powerW));
    expect([...morning].sort((a, b) => a - b)).toEqual(morning);
    expect([...afternoon].sort((a, b) => b - a)).toEqual(afternoon);
    expect(state('solar_inverter', id, 12.5).status).toBe('producing');
  });

  it.each(IDS)('%j: energy today is 0 before sunrise, grows through the day, then holds', (id) => {
    expect(state('solar_inverter', id, 5).energyTodayKwh).toBe(0);
    const energies = QUARTERS.map((h) => num(state('solar_inverter', id, h).energyTodayKwh));
    expect([...energies].sort((a, b) => a - b)).toEqual(energies);
    expect(state('solar_inverter', id, 23).energyTodayKwh).toBe(
      state('solar_inverter', id, 20).energyTodayKwh,
    );
  });

  it('energy today matches a numeric integral of the power curve', () => {
    const id = 'HI-12AB34CD';
    const rated = num(state('solar_inverter', id, 12.5).powerW);
    let integral = 0;
    const step = 1 / 600;
    for (let h = 6; h < 20; h += step) integral += solarShape(h + step / 2) * step;
    expect(num(state('solar_inverter', id, 21).energyTodayKwh)).toBeCloseTo(
      (rated * integral) / 1000,
      1,
    );
  });

  it('the shape is 0 outside daylight and 1 at 12:30', () => {
    expect(solarShape(5)).toBe(0);
    expect(solarShape(6)).toBe(0);
    expect(solarShape(20)).toBe(0);
    expect(solarShape(12.5)).toBe(1);
  });
});

describe('hvac', () => {
  it.each(IDS)('%j: heating in the morning and evening, idle midday and at night', (id) => {
    for (const hour of [6, 7, 8.5]) expect(state('hvac', id, hour).hvacState).toBe('heating');
    for (const hour of [9.5, 12, 14, 16.5]) expect(state('hvac', id, hour).hvacState).toBe('idle');
    for (const hour of [17, 19, 21.5]) expect(state('hvac', id, hour).hvacState).toBe('heating');
    for (const hour of [22.5, 1, 4]) expect(state('hvac', id, hour).hvacState).toBe('idle');
    for (const hour of QUARTERS) {
      const s = state('hvac', id, hour);
      expect(num(s.powerW) > 0).toBe(s.hvacState === 'heating');
      expect(num(s.targetTemperatureC)).toBeGreaterThanOrEqual(10);
      expect(num(s.targetTemperatureC)).toBeLessThanOrEqual(30);
      expect(num(s.indoorTemperatureC)).toBeGreaterThan(10);
      expect(num(s.indoorTemperatureC)).toBeLessThan(30);
      expect(s.mode).toBe('heat');
    }
    // The night setback is cooler than the day's target.
    expect(num(state('hvac', id, 3).targetTemperatureC)).toBeLessThan(
      num(state('hvac', id, 12).targetTemperatureC),
    );
  });
});

describe('ev charger', () => {
  it.each(IDS)('%j: charging 00–06, available otherwise', (id) => {
    for (const hour of QUARTERS) {
      const s = state('ev_charger', id, hour);
      if (hour < 6) {
        expect(s).toMatchObject({ status: 'charging', isPluggedIn: true });
        expect(s.currentA).toBe(s.maxCurrentA);
        expect(num(s.powerW)).toBe(num(s.currentA) * 230);
      } else {
        expect(s).toMatchObject({
          status: 'available',
          isPluggedIn: false,
          powerW: 0,
          currentA: 0,
        });
      }
      expect([16, 32]).toContain(s.maxCurrentA);
    }
    expect(num(state('ev_charger', id, 5).sessionEnergyKwh)).toBeGreaterThan(
      num(state('ev_charger', id, 1).sessionEnergyKwh),
    );
  });
});
