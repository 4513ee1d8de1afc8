import { describe, expect, it } from 'vitest';

import { capabilitiesFor } from './capabilities';
import { DEVICE_TYPES } from './catalogue';
import { simulateDeviceState } from './simulation';

const commandNames = (type: Parameters<typeof capabilitiesFor>[0]) =>
  capabilitiesFor(type).commands.map((c) => c.name);

describe('capabilitiesFor', () => {
  it('vehicle: charging commands and a 50–100 % charge limit', () => {
    const caps = capabilitiesFor('vehicle');
    expect(commandNames('vehicle')).toEqual([
      'start_charging',
      'stop_charging',
      'set_charge_limit',
    ]);
    expect(caps.commands.find((c) => c.name === 'set_charge_limit')?.parameters).toEqual({
      percent: { type: 'integer', min: 50, max: 100, unit: '%' },
    });
  });

  it('battery: mode enum and a 0–100 % reserve', () => {
    const caps = capabilitiesFor('battery');
    expect(commandNames('battery')).toEqual(['set_mode', 'set_reserve']);
    expect(caps.commands[0]?.parameters.mode).toEqual({
      type: 'string',
      enum: ['self_consumption', 'backup', 'time_of_use'],
    });
    expect(caps.commands[1]?.parameters.percent).toEqual({
      type: 'integer',
      min: 0,
      max: 100,
      unit: '%',
    });
  });

  it('solar inverter: an export limit in watts from 0', () => {
    expect(commandNames('solar_inverter')).toEqual(['set_export_limit']);
    expect(capabilitiesFor('solar_inverter').commands[0]?.parameters.watts).toEqual({
      type: 'integer',
      min: 0,
      unit: 'W',
    });
  });

  it('hvac: 10–30 °C target and a mode enum', () => {
    const caps = capabilitiesFor('hvac');
    expect(commandNames('hvac')).toEqual(['set_temperature', 'set_mode']);
    expect(caps.commands[0]?.parameters.celsius).toEqual({
      type: 'number',
      min: 10,
      max: 30,
      unit: '°C',
    });
    expect(caps.commands[1]?.parameters.mode).toEqual({
      type: 'string',
      enum: ['heat', 'cool', 'auto', 'off'],
    });
  });

  it('ev charger: start/stop and a 6–32 A current limit', () => {
    expect(commandNames('ev_charger')).toEqual([
      'start_charging',
      'stop_charging',
      'set_current_limit',
    ]);
    expect(capabilitiesFor('ev_charger').commands[2]?.parameters.amps).toEqual({
      type: 'integer',
      min: 6,
      max: 32,
      unit: 'A',
    });
  });

  it.each(DEVICE_TYPES)(
    '%s: every reading is a field of the simulated state, and vice versa',
    (type) => {
      const { readings } = capabilitiesFor(type);
      for (const hour of [3, 12, 19]) {
        const state = simulateDeviceState(
          { type, oemDeviceId: 'X-1' },
          new Date(Date.UTC(2026, 0, 1, hour)),
        );
        const { at: _at, timeOfDay: _timeOfDay, ...fields } = state;
        expect(Object.keys(fields).sort()).toEqual([...readings].sort());
      }
      expect(readings.length).toBeGreaterThan(0);
      expect(new Set(readings).size).toBe(readings.length);
    },
  );

  it.each(DEVICE_TYPES)('%s: commands have descriptions and consistent numeric bounds', (type) => {
    for (const command of capabilitiesFor(type).commands) {
      expect(command.description.length).toBeGreaterThan(0);
      for (const p of Object.values(command.parameters)) {
        if (p.type === 'number' || p.type === 'integer') {
          expect(p.min).toBeDefined();
          if (p.max !== undefined) expect(p.min! < p.max).toBe(true);
        }
        if (p.type === 'string') expect(p.enum?.length).toBeGreaterThan(0);
      }
    }
  });

  it('returns the table frozen: a caller cannot use it to change the table', () => {
    const caps = capabilitiesFor('vehicle');
    expect(() => caps.commands.pop()).toThrow(TypeError);
    expect(() => caps.readings.push('hacked')).toThrow(TypeError);
    expect(() => {
      caps.commands[0]!.name = 'hacked';
    }).toThrow(TypeError);
    expect(capabilitiesFor('vehicle').commands).toHaveLength(3);
    expect(capabilitiesFor('vehicle').readings).not.toContain('hacked');
  });
});
