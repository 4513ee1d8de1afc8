import type { DeviceType } from './catalogue';

/**
 * Simulated device state for the sandbox: a pure function of (device, instant), so an API call with
 * `?at=ISO` always answers the same. It follows a UTC time-of-day table (below) and varies
 * per device (charge limits, capacities, ratings…) by a hash of `oemDeviceId`. No node:crypto here:
 * a 32-bit FNV-1a hash is plenty for picking traits and keeps the module importable anywhere.
 *
 * | device         | 00–06            | 06–11/12             | midday / afternoon          | 17–22            | 22–24     |
 * | vehicle        | plugged, charging | plugged, 80–95 %     | 11–17 driving, SoC falling  | plugged, charging | charging |
 * | battery        | idle             | idle                 | 10–15 charging from solar   | discharging      | idle      |
 * | solar_inverter | 0 W              | rising from 06       | bell curve, peak 12:30      | falling, 0 W ≥ 20 | 0 W      |
 * | hvac           | idle (setback)   | 06–09 heating        | idle                        | heating          | idle      |
 * | ev_charger     | charging         | available            | available                   | available        | available |
 *
 * Power (`powerW`) is always a magnitude (≥ 0); the direction is in `chargingState` / `status`.
 */

export type TimeOfDay = 'night' | 'morning' | 'afternoon' | 'evening';

/** Fractional UTC hour of day, 0 ≤ h < 24. */
function utcHour(at: Date): number {
  return (
    at.getUTCHours() +
    at.getUTCMinutes() / 60 +
    at.getUTCSeconds() / 3600 +
    at.getUTCMilliseconds() / 3_600_000
  );
}

/** Label of the UTC hour: night 22–06, morning 06–12, afternoon 12–17, evening 17–22. */
export function timeOfDayAt(at: Date): TimeOfDay {
  const h = at.getUTCHours();
  if (h < 6 || h >= 22) return 'night';
  if (h < 12) return 'morning';
  if (h < 17) return 'afternoon';
  return 'evening';
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Per-device trait source: a mulberry32 stream seeded by the device id, read in a fixed order. */
function traitsOf(type: DeviceType, oemDeviceId: string) {
  let state = fnv1a(`${type}\0${oemDeviceId}`);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    between: (min: number, max: number): number => min + next() * (max - min),
    integer: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(options: readonly [T, ...T[]]): T =>
      options[Math.floor(next() * options.length)] ?? options[0],
  };
}

const round = (value: number, decimals = 0): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

function vehicleTraits(id: string) {
  const t = traitsOf('vehicle', id);
  return {
    chargeLimitPercent: t.integer(80, 95),
    dailyDrop: t.between(30, 45),
    batteryKwh: t.pick([60, 75, 90] as const),
    rangeKmAtFull: t.integer(380, 520),
    chargerKw: t.pick([3.7, 7.4] as const),
  };
}

/** The power a vehicle's home charger delivers, in W. */
export function vehicleChargerPowerW(oemDeviceId: string): number {
  return round(vehicleTraits(oemDeviceId).chargerKw * 1000);
}

function vehicleState(id: string, h: number): Record<string, unknown> {
  const { chargeLimitPercent, dailyDrop, batteryKwh, rangeKmAtFull, chargerKw } = vehicleTraits(id);
  // Percent per hour the charger adds (90 % efficient). Even the slowest case (3.7 kW into 90 kWh)
  // refills the largest daily drop within the 13 hours from 17:00 to 06:00.
  const ratePerHour = ((chargerKw * 0.9) / batteryKwh) * 100;
  const low = chargeLimitPercent - dailyDrop;

  let soc: number;
  let isPluggedIn: boolean;
  let isDriving = false;
  let chargingState: 'charging' | 'complete' | 'stopped' | 'disconnected';
  if (h >= 6 && h < 11) {
    soc = chargeLimitPercent;
    isPluggedIn = true;
    chargingState = 'complete';
  } else if (h >= 11 && h < 17) {
    soc = chargeLimitPercent - (dailyDrop * (h - 11)) / 6;
    isPluggedIn = false;
    isDriving = true;
    chargingState = 'disconnected';
  } else {
    const hoursCharging = h >= 17 ? h - 17 : h + 7;
    soc = Math.min(chargeLimitPercent, low + ratePerHour * hoursCharging);
    isPluggedIn = true;
    chargingState = soc < chargeLimitPercent ? 'charging' : 'complete';
  }
  return {
    socPercent: round(soc),
    rangeKm: round((soc / 100) * rangeKmAtFull),
    chargeLimitPercent,
    chargingState,
    charging: chargingState === 'charging',
    isPluggedIn,
    isDriving,
    powerW: chargingState === 'charging' ? round(chargerKw * 1000) : 0,
    batteryCapacityKwh: batteryKwh,
  };
}

function batteryState(id: string, h: number): Record<string, unknown> {
  const t = traitsOf('battery', id);
  const capacityKwh = t.pick([5, 10, 13.5] as const);
  const reservePercent = t.pick([10, 15, 20] as const);
  const low = reservePercent + t.between(5, 15);
  const high = t.between(90, 100);
  const baseTemperature = t.between(20, 25);
  // Charging 10–15 and discharging 17–22 each move the whole (high - low) band in five hours.
  const powerW = round(((capacityKwh * (high - low)) / 100 / 5) * 1000);

  let soc: number;
  let chargingState: 'charging' | 'discharging' | 'idle';
  if (h >= 10 && h < 15) {
    soc = low + ((high - low) * (h - 10)) / 5;
    chargingState = 'charging';
  } else if (h >= 15 && h < 17) {
    soc = high;
    chargingState = 'idle';
  } else if (h >= 17 && h < 22) {
    soc = high - ((high - low) * (h - 17)) / 5;
    chargingState = 'discharging';
  } else {
    soc = low;
    chargingState = 'idle';
  }
  return {
    socPercent: round(soc),
    capacityKwh,
    chargingState,
    powerW: chargingState === 'idle' ? 0 : powerW,
    mode: 'self_consumption',
    reservePercent,
    temperatureC: round(baseTemperature + (chargingState === 'idle' ? 0 : 3), 1),
  };
}

const SUNRISE = 6;
const SOLAR_PEAK = 12.5;
const SUNSET = 20;

/** ∫₀ˣ sin²(π/2 · s/L) ds: energy of one flank of the production curve, in peak-hours. */
function flankIntegral(x: number, length: number): number {
  const k = Math.PI / (2 * length);
  return x / 2 - Math.sin(2 * k * x) / (4 * k);
}

/** Production as a fraction of the device's peak: sin² flanks, 0 outside daylight, 1 at 12:30. */
export function solarShape(h: number): number {
  if (h <= SUNRISE || h >= SUNSET) return 0;
  const rising = h <= SOLAR_PEAK;
  const fraction = rising
    ? (h - SUNRISE) / (SOLAR_PEAK - SUNRISE)
    : (SUNSET - h) / (SUNSET - SOLAR_PEAK);
  return Math.sin((Math.PI / 2) * fraction) ** 2;
}

function solarEnergyPeakHours(h: number): number {
  const riseLength = SOLAR_PEAK - SUNRISE;
  const fallLength = SUNSET - SOLAR_PEAK;
  if (h <= SUNRISE) return 0;
  if (h <= SOLAR_PEAK) return flankIntegral(h - SUNRISE, riseLength);
  const fallen = Math.min(h, SUNSET) - SOLAR_PEAK;
  // The falling flank mirrors a rising one of length fallLength, read from its peak backwards.
  return (
    flankIntegral(riseLength, riseLength) +
    flankIntegral(fallLength, fallLength) -
    flankIntegral(fallLength - fallen, fallLength)
  );
}

function inverterState(id: string, h: number): Record<string, unknown> {
  const t = traitsOf('solar_inverter', id);
  const ratedPowerW = t.pick([5000, 8000, 10000] as const);
  // Orientation, shading and weather: the array never quite reaches the inverter's rating.
  const peakW = ratedPowerW * t.between(0.8, 0.97);
  const powerW = round(peakW * solarShape(h));
  return {
    status: powerW > 0 ? 'producing' : 'standby',
    powerW,
    ratedPowerW,
    energyTodayKwh: round((peakW * solarEnergyPeakHours(h)) / 1000, 2),
    exportLimitW: ratedPowerW,
  };
}

function hvacState(id: string, h: number): Record<string, unknown> {
  const t = traitsOf('hvac', id);
  const comfort = round(t.between(20, 22) * 2) / 2;
  const setback = round(t.between(16, 17.5) * 2) / 2;
  const outdoorBase = t.between(2, 10);
  const heatingPowerW = round(t.between(1500, 3000), -1);
  const outdoor = outdoorBase + 4 * Math.cos((2 * Math.PI * (h - 15)) / 24);

  // Indoor temperature after cooling down since 22:00 towards the setback.
  const cooled = (hoursSince22: number): number =>
    setback + (comfort - setback) * Math.exp(-hoursSince22 / 3);
  let heating = false;
  let target = comfort;
  let indoor: number;
  if (h >= 6 && h < 9) {
    heating = true;
    indoor = Math.min(comfort - 0.3, cooled(8) + 2.5 * (h - 6));
  } else if (h >= 9 && h < 17) {
    // Idle: the morning's heat and the sun keep the house near target.
    indoor = comfort - 0.3 + 0.8 * Math.sin((Math.PI * (h - 9)) / 8);
  } else if (h >= 17 && h < 22) {
    heating = true;
    indoor = comfort - 0.3;
  } else {
    target = setback;
    indoor = cooled(h >= 22 ? h - 22 : h + 2);
  }
  return {
    mode: 'heat',
    hvacState: heating ? 'heating' : 'idle',
    targetTemperatureC: target,
    indoorTemperatureC: round(indoor, 1),
    outdoorTemperatureC: round(outdoor, 1),
    powerW: heating ? heatingPowerW : 0,
  };
}

export const MAINS_VOLTAGE = 230;

function evChargerState(id: string, h: number): Record<string, unknown> {
  const t = traitsOf('ev_charger', id);
  const maxCurrentA = t.pick([16, 32] as const);
  const charging = h < 6;
  const powerW = charging ? maxCurrentA * MAINS_VOLTAGE : 0;
  return {
    status: charging ? 'charging' : 'available',
    charging,
    isPluggedIn: charging,
    powerW,
    currentA: charging ? maxCurrentA : 0,
    maxCurrentA,
    sessionEnergyKwh: charging ? round((powerW * h) / 1000, 2) : 0,
  };
}

const SIMULATORS: Record<
  DeviceType,
  (oemDeviceId: string, hour: number) => Record<string, unknown>
> = {
  vehicle: vehicleState,
  battery: batteryState,
  solar_inverter: inverterState,
  hvac: hvacState,
  ev_charger: evChargerState,
};

/** Deterministic device state at instant `at`, following the UTC time-of-day table, varied per device by a hash of oemDeviceId. */
export function simulateDeviceState(
  device: { type: DeviceType; oemDeviceId: string },
  at: Date,
): Record<string, unknown> {
  if (Number.isNaN(at.getTime())) throw new RangeError('simulateDeviceState: invalid date');
  const simulate = SIMULATORS[device.type];
  if (!simulate)
    throw new RangeError(`simulateDeviceState: unknown device type ${String(device.type)}`);
  return {
    at: at.toISOString(),
    timeOfDay: timeOfDayAt(at),
    ...simulate(device.oemDeviceId, utcHour(at)),
  };
}
