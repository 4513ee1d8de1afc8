import type { CustomerAppWithCustomer } from '../../customers';
import { DEVICE_TYPE_LABELS, findOem } from '../../oem/catalogue';
import type { DeviceType, Environment } from '../../vocabulary';
import { isDeviceType } from '../../vocabulary';
import type { LaunchErrorCode } from '../errors';
import type { LaunchPreset } from '../machine';
import { availableOems } from './step-view';

/** The device type and OEM an app may name at launch (docs/journey.md, "Launch parameters"). */
export interface LaunchChoices {
  deviceType?: string;
  oem?: string;
}

export type PresetCheck =
  | { ok: true; preset: LaunchPreset | undefined }
  | {
      ok: false;
      code: Extract<LaunchErrorCode, 'OEM_NOT_OFFERED' | 'DEVICE_TYPE_NOT_OFFERED'>;
      detail: string;
    };

const plural = (type: DeviceType) =>
  ({
    vehicle: 'vehicles',
    battery: 'batteries',
    solar_inverter: 'solar inverters',
    hvac: 'HVAC systems',
    ev_charger: 'EV chargers',
  })[type];

/**
 * Checks launch choices against what this app offers in this environment (its supported OEMs; live,
 * its entitled tiers) and turns them into the machine's preset. An OEM outside the catalogue, one the
 * app does not offer, or one that does not make the named device type is refused — the journey never
 * silently falls back to asking.
 */
export function checkLaunchChoices(
  app: CustomerAppWithCustomer,
  env: Environment,
  choices: LaunchChoices,
): PresetCheck {
  const { deviceType, oem: oemId } = choices;
  if (deviceType !== undefined && !isDeviceType(deviceType)) {
    return {
      ok: false,
      code: 'DEVICE_TYPE_NOT_OFFERED',
      detail: `For the app’s developers: deviceType "${deviceType}" is not a device type.`,
    };
  }
  if (oemId !== undefined) {
    const oem = findOem(oemId);
    const offered = oem && availableOems(app, env, oem.deviceType).some((o) => o.id === oem.id);
    if (!oem || !offered) {
      return {
        ok: false,
        code: 'OEM_NOT_OFFERED',
        detail: `For the app’s developers: oem "${oemId}" is not one of this app’s supported OEMs${
          env === 'live' ? ' in live' : ''
        }.`,
      };
    }
    if (deviceType !== undefined && deviceType !== oem.deviceType) {
      return {
        ok: false,
        code: 'OEM_NOT_OFFERED',
        detail: `For the app’s developers: ${oem.name} (oem "${oem.id}") makes ${plural(oem.deviceType)}, not ${plural(deviceType)}; deviceType must be "${oem.deviceType}" or left out.`,
      };
    }
    return {
      ok: true,
      preset: {
        deviceType: oem.deviceType,
        oem: { id: oem.id, authMethods: oem.authMethods },
      },
    };
  }
  if (deviceType !== undefined) {
    if (availableOems(app, env, deviceType).length === 0) {
      return {
        ok: false,
        code: 'DEVICE_TYPE_NOT_OFFERED',
        detail: `For the app’s developers: none of this app’s supported OEMs makes ${plural(deviceType)} (deviceType "${deviceType}", shown as ${DEVICE_TYPE_LABELS[deviceType]}).`,
      };
    }
    return { ok: true, preset: { deviceType } };
  }
  return { ok: true, preset: undefined };
}
