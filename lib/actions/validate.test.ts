import { describe, expect, it } from 'vitest';
import type { DeviceType } from '../oem';
import { DEVICE_TYPES, capabilitiesFor } from '../oem';
import { ActionError } from './types';
import { validateAction } from './validate';

function refusal(deviceType: DeviceType, type: string, params?: Record<string, unknown>) {
  try {
    validateAction(deviceType, { type, params });
  } catch (error) {
    if (error instanceof ActionError) return { code: error.code, field: error.field };
    throw error;
  }
  return undefined;
}

/** Every numeric parameter of §8, with its edges: in range at both ends, refused one step out. */
const RANGES: Array<[DeviceType, string, string, number, number | undefined, boolean]> = [
  ['vehicle', 'set_charge_limit', 'percent', 50, 100, true],
  ['battery', 'set_reserve', 'percent', 0, 100, true],
  ['solar_inverter', 'set_export_limit', 'watts', 0, undefined, true],
  ['hvac', 'set_temperature', 'celsius', 10, 30, false],
  ['ev_charger', 'set_current_limit', 'amps', 6, 32, true],
];

describe('validateAction: numeric parameters', () => {
  it.each(RANGES)('%s %s %s: edges', (deviceType, type, name, min, max, integer) => {
    const field = `params.${name}`;
    expect(validateAction(deviceType, { type, params: { [name]: min } })).toEqual({
      type,
      params: { [name]: min },
    });
    expect(refusal(deviceType, type, { [name]: min - 1 })).toEqual({
      code: 'VALIDATION_ERROR',
      field,
    });
    if (max !== undefined) {
      expect(refusal(deviceType, type, { [name]: max })).toBeUndefined();
      expect(refusal(deviceType, type, { [name]: max + 1 })).toEqual({
        code: 'VALIDATION_ERROR',
        field,
      });
    } else {
      expect(refusal(deviceType, type, { [name]: 1_000_000 })).toBeUndefined();
    }
    // A fraction is refused where the parameter is an integer, accepted where it is a number.
    expect(refusal(deviceType, type, { [name]: min + 0.5 })).toEqual(
      integer ? { code: 'VALIDATION_ERROR', field } : undefined,
    );
    for (const bad of ['60', null, true, [], {}]) {
      expect(refusal(deviceType, type, { [name]: bad })).toEqual({
        code: 'VALIDATION_ERROR',
        field,
      });
    }
    expect(refusal(deviceType, type, {})).toEqual({ code: 'VALIDATION_ERROR', field });
    expect(refusal(deviceType, type)).toEqual({ code: 'VALIDATION_ERROR', field });
    expect(refusal(deviceType, type, { [name]: min, extra: 1 })).toEqual({
      code: 'VALIDATION_ERROR',
      field: 'params.extra',
    });
  });
});

describe('validateAction: mode parameters', () => {
  it.each([
    ['battery', ['self_consumption', 'backup', 'time_of_use']],
    ['hvac', ['heat', 'cool', 'auto', 'off']],
  ] as const)('%s set_mode accepts exactly %j', (deviceType, modes) => {
    for (const mode of modes) expect(refusal(deviceType, 'set_mode', { mode })).toBeUndefined();
    for (const bad of ['HEAT', 'eco', '', 1, null]) {
      expect(refusal(deviceType, 'set_mode', { mode: bad })).toEqual({
        code: 'VALIDATION_ERROR',
        field: 'params.mode',
      });
    }
    expect(refusal(deviceType, 'set_mode', {})).toEqual({
      code: 'VALIDATION_ERROR',
      field: 'params.mode',
    });
  });
});

describe('validateAction: commands without parameters', () => {
  it.each(['vehicle', 'ev_charger'] as const)('%s start/stop charging', (deviceType) => {
    for (const type of ['start_charging', 'stop_charging']) {
      expect(validateAction(deviceType, { type })).toEqual({ type, params: {} });
      expect(validateAction(deviceType, { type, params: {} })).toEqual({ type, params: {} });
      expect(refusal(deviceType, type, { force: true })).toEqual({
        code: 'VALIDATION_ERROR',
        field: 'params.force',
      });
    }
  });
});

describe('validateAction: capabilities', () => {
  it.each(DEVICE_TYPES)('%s: every declared command is accepted, nothing else', (deviceType) => {
    const declared = capabilitiesFor(deviceType).commands.map((c) => c.name);
    const all = new Set(
      DEVICE_TYPES.flatMap((t) => capabilitiesFor(t).commands.map((c) => c.name)),
    );
    for (const type of [...all, 'reboot', '__proto__', 'constructor']) {
      const result = refusal(deviceType, type, {});
      if (declared.includes(type)) expect(result?.code).not.toBe('CAPABILITY_NOT_SUPPORTED');
      else expect(result).toEqual({ code: 'CAPABILITY_NOT_SUPPORTED', field: 'type' });
    }
  });

  it('names fields under a prefix (schedules)', () => {
    expect(() =>
      validateAction('vehicle', { type: 'set_charge_limit', params: { percent: 20 } }, 'action.'),
    ).toThrow(
      expect.objectContaining({
        field: 'action.params.percent',
        message: 'action.params.percent: must be an integer from 50 to 100 %',
      }),
    );
  });
});
