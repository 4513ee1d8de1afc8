import type { DeviceType } from './catalogue';

/**
 * What each device type can be told to do and what it reports: the one table behind both the
 * `capabilities` of device reads and the validation of actions and schedules (lib/actions). Every
 * parameter of a command is required. Readings name the fields of `simulateDeviceState`.
 */

export interface CommandParameter {
  /** `integer`: a whole number; `number`: any finite number. */
  type: 'number' | 'integer' | 'boolean' | 'string';
  /** Inclusive bounds; absent = unbounded on that side. */
  min?: number;
  max?: number;
  unit?: string;
  enum?: readonly string[];
}

export interface Capabilities {
  commands: {
    name: string;
    description: string;
    parameters: Record<string, CommandParameter>;
  }[];
  readings: string[];
}

export const BATTERY_MODES = ['self_consumption', 'backup', 'time_of_use'] as const;
export const HVAC_MODES = ['heat', 'cool', 'auto', 'off'] as const;

const CAPABILITIES: Record<DeviceType, Capabilities> = {
  vehicle: {
    commands: [
      {
        name: 'start_charging',
        description: 'Start charging when plugged in',
        parameters: {},
      },
      { name: 'stop_charging', description: 'Stop charging', parameters: {} },
      {
        name: 'set_charge_limit',
        description: 'Set the state of charge at which charging stops',
        parameters: {
          percent: { type: 'integer', min: 50, max: 100, unit: '%' },
        },
      },
    ],
    readings: [
      'socPercent',
      'rangeKm',
      'chargeLimitPercent',
      'chargingState',
      'charging',
      'isPluggedIn',
      'isDriving',
      'powerW',
      'batteryCapacityKwh',
    ],
  },
  battery: {
    commands: [
      {
        name: 'set_mode',
        description: 'Set the operating mode',
        parameters: { mode: { type: 'string', enum: BATTERY_MODES } },
      },
      {
        name: 'set_reserve',
        description: 'Set the charge kept in reserve for outages',
        parameters: {
          percent: { type: 'integer', min: 0, max: 100, unit: '%' },
        },
      },
    ],
    readings: [
      'socPercent',
      'capacityKwh',
      'chargingState',
      'powerW',
      'mode',
      'reservePercent',
      'temperatureC',
    ],
  },
  solar_inverter: {
    commands: [
      {
        name: 'set_export_limit',
        description: 'Limit the power exported to the grid',
        parameters: {
          watts: { type: 'integer', min: 0, unit: 'W' },
        },
      },
    ],
    readings: ['status', 'powerW', 'ratedPowerW', 'energyTodayKwh', 'exportLimitW'],
  },
  hvac: {
    commands: [
      {
        name: 'set_temperature',
        description: 'Set the target temperature',
        parameters: {
          celsius: { type: 'number', min: 10, max: 30, unit: '°C' },
        },
      },
      {
        name: 'set_mode',
        description: 'Set the operating mode',
        parameters: { mode: { type: 'string', enum: HVAC_MODES } },
      },
    ],
    readings: [
      'mode',
      'hvacState',
      'targetTemperatureC',
      'indoorTemperatureC',
      'outdoorTemperatureC',
      'powerW',
    ],
  },
  ev_charger: {
    commands: [
      {
        name: 'start_charging',
        description: 'Start charging the connected vehicle',
        parameters: {},
      },
      { name: 'stop_charging', description: 'Stop charging', parameters: {} },
      {
        name: 'set_current_limit',
        description: 'Set the maximum charging current',
        parameters: { amps: { type: 'integer', min: 6, max: 32, unit: 'A' } },
      },
    ],
    readings: [
      'status',
      'charging',
      'isPluggedIn',
      'powerW',
      'currentA',
      'maxCurrentA',
      'sessionEnergyKwh',
    ],
  },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
deepFreeze(CAPABILITIES);

/**
 * The table's entry itself, deeply frozen: every device read returns it, so it is shared rather than
 * copied per request, and a caller that tried to edit it would throw instead of changing the table.
 */
export function capabilitiesFor(type: DeviceType): Capabilities {
  return CAPABILITIES[type];
}

/** The command `name` of a device type as declared in the table (not a copy: read only). */
export function findCommand(
  type: DeviceType,
  name: string,
): Readonly<Capabilities['commands'][number]> | undefined {
  return CAPABILITIES[type].commands.find((c) => c.name === name);
}
