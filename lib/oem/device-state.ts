import type { AppliedActions, DeviceType } from '../vocabulary';
import { MAINS_VOLTAGE, simulateDeviceState, vehicleChargerPowerW } from './simulation';

/**
 * Sandbox device state with the effects of the actions a device carried out: the simulated state
 * of `simulateDeviceState`, overlaid with every succeeded action that completed in the same
 * simulation period (the `timeOfDay` of the state: night 22–06, morning 06–12, afternoon 12–17,
 * evening 17–22 UTC) before the instant read. At the next period the simulation takes over again,
 * as a real device's schedule would: a vehicle told `stop_charging` in the evening reads
 * `charging: false` until 22:00.
 */

export type { AppliedAction, AppliedActions } from '../vocabulary';

const PERIOD_START_HOURS = [6, 12, 17, 22] as const;
const HOUR_MS = 3_600_000;

/** Start of the simulation period that contains `at` (UTC). */
export function periodStartOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const hour = at.getUTCHours();
  const start = PERIOD_START_HOURS.findLast((h) => h <= hour);
  // Before 06:00 the night began at 22:00 the day before.
  return new Date(start === undefined ? midnight - 2 * HOUR_MS : midnight + start * HOUR_MS);
}

type State = Record<string, unknown>;
type Effect = (state: State, params: Record<string, unknown>, oemDeviceId: string) => void;

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function evChargerCurrent(state: State, amps: number): void {
  state.currentA = amps;
  state.powerW = amps * MAINS_VOLTAGE;
}

const EFFECTS: Record<DeviceType, Record<string, Effect>> = {
  vehicle: {
    start_charging: (state, _params, id) => {
      Object.assign(state, {
        chargingState: 'charging',
        charging: true,
        isPluggedIn: true,
        isDriving: false,
        powerW: vehicleChargerPowerW(id),
      });
    },
    stop_charging: (state) => {
      Object.assign(state, {
        chargingState: state.isPluggedIn ? 'stopped' : 'disconnected',
        charging: false,
        powerW: 0,
      });
    },
    set_charge_limit: (state, params) => {
      state.chargeLimitPercent = params.percent;
      if (state.charging && num(state.socPercent) >= num(params.percent)) {
        Object.assign(state, { chargingState: 'complete', charging: false, powerW: 0 });
      }
    },
  },
  battery: {
    set_mode: (state, params) => {
      state.mode = params.mode;
    },
    set_reserve: (state, params) => {
      state.reservePercent = params.percent;
    },
  },
  solar_inverter: {
    set_export_limit: (state, params) => {
      state.exportLimitW = params.watts;
    },
  },
  hvac: {
    set_temperature: (state, params) => {
      state.targetTemperatureC = params.celsius;
    },
    set_mode: (state, params) => {
      state.mode = params.mode;
      if (params.mode === 'off') Object.assign(state, { hvacState: 'off', powerW: 0 });
    },
  },
  ev_charger: {
    start_charging: (state) => {
      Object.assign(state, { status: 'charging', charging: true, isPluggedIn: true });
      evChargerCurrent(state, num(state.maxCurrentA));
    },
    stop_charging: (state) => {
      Object.assign(state, {
        status: state.isPluggedIn ? 'connected' : 'available',
        charging: false,
      });
      evChargerCurrent(state, 0);
    },
    set_current_limit: (state, params) => {
      state.maxCurrentA = params.amps;
      if (state.charging) evChargerCurrent(state, num(params.amps));
    },
  },
};

/**
 * The sandbox state of a device at `at`: the simulation, then the effects of `applied` actions that
 * completed within the period of `at` and not after it, oldest first (a later action wins).
 */
export function sandboxDeviceState(
  device: { type: DeviceType; oemDeviceId: string },
  at: Date,
  applied: AppliedActions = {},
): State {
  const state = simulateDeviceState(device, at);
  const from = periodStartOf(at).getTime();
  const until = at.getTime();
  const effects = EFFECTS[device.type];
  const current = Object.entries(applied)
    .map(([type, action]) => ({ type, params: action.params, at: Date.parse(action.at) }))
    .filter((a) => a.at >= from && a.at <= until)
    .sort((a, b) => a.at - b.at);
  for (const action of current) effects[action.type]?.(state, action.params, device.oemDeviceId);
  return state;
}
