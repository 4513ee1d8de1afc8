import { createHash } from 'node:crypto';

import type { DiscoveredDevice } from './adapter';
import type { OemInfo } from './catalogue';

/**
 * Deterministic sandbox devices: the same OEM account always yields the same device ids, names and
 * models, so customers can build against stable data; different accounts yield different ids.
 */

interface ModelLine {
  /** Family shown in the device name, e.g. "Aurora". */
  family: string;
  /** Full model designation. */
  model: string;
}

interface SandboxFleet {
  /** Prefix of the OEM's device ids, e.g. "VM" for Volta Motors. */
  idPrefix: string;
  /** Brand word shown in device names. */
  brand: string;
  models: readonly ModelLine[];
}

const FLEETS: Record<string, SandboxFleet> = {
  volta: {
    idPrefix: 'VM',
    brand: 'Volta',
    models: [
      { family: 'Aurora', model: 'Aurora LR' },
      { family: 'Aurora', model: 'Aurora SR' },
      { family: 'Meridian', model: 'Meridian AWD' },
      { family: 'Zephyr', model: 'Zephyr City' },
    ],
  },
  ampere: {
    idPrefix: 'AA',
    brand: 'Ampere',
    models: [
      { family: 'Spark', model: 'Spark 58' },
      { family: 'Surge', model: 'Surge 77 GT' },
      { family: 'Ohm', model: 'Ohm Touring' },
    ],
  },
  stellar: {
    idPrefix: 'SS',
    brand: 'Stellar',
    models: [
      { family: 'Vault', model: 'Vault 10' },
      { family: 'Vault', model: 'Vault 13.5' },
      { family: 'Nova', model: 'Nova 5' },
    ],
  },
  helios: {
    idPrefix: 'HI',
    brand: 'Helios',
    models: [
      { family: 'Sunrise', model: 'Sunrise 5K' },
      { family: 'Sunrise', model: 'Sunrise 8K' },
      { family: 'Zenith', model: 'Zenith 10K' },
    ],
  },
  nimbus: {
    idPrefix: 'NC',
    brand: 'Nimbus',
    models: [
      { family: 'Breeze', model: 'Breeze Heat Pump 7' },
      { family: 'Aura', model: 'Aura Smart Thermostat' },
      { family: 'Cirrus', model: 'Cirrus Mini-Split' },
    ],
  },
  current: {
    idPrefix: 'CC',
    brand: 'Current',
    models: [
      { family: 'Flow', model: 'Flow 7' },
      { family: 'Flow', model: 'Flow 22' },
      { family: 'Home', model: 'Home Wallbox' },
    ],
  },
};

/** Fallback for an OEM added to the catalogue without a fleet: still deterministic and well-formed. */
function fleetFor(oem: OemInfo): SandboxFleet {
  return (
    FLEETS[oem.id] ?? {
      idPrefix: oem.id.slice(0, 2).toUpperCase(),
      brand: oem.name.split(' ')[0] ?? oem.name,
      models: [{ family: 'Device', model: 'Standard' }],
    }
  );
}

/**
 * `count` devices of the account `accountId` at `oem`. Ids are `PREFIX-XXXXXXXX` (8 hex digits of a
 * SHA-256 of OEM, account and index); names end with the id's first 4 hex digits, which are kept
 * distinct within the account (re-hashing on a clash) so every name in a list is unique.
 */
export function sandboxDevicesFor(
  oem: OemInfo,
  accountId: string,
  count: number,
): DiscoveredDevice[] {
  const fleet = fleetFor(oem);
  const usedSuffixes = new Set<string>();
  const devices: DiscoveredDevice[] = [];
  for (let index = 0; index < count; index++) {
    let digest = '';
    for (let attempt = 0; ; attempt++) {
      digest = createHash('sha256')
        .update(`sandbox-device\0${oem.id}\0${accountId}\0${index}\0${attempt}`)
        .digest('hex')
        .toUpperCase();
      if (!usedSuffixes.has(digest.slice(0, 4))) break;
    }
    const suffix = digest.slice(0, 4);
    usedSuffixes.add(suffix);
    const line = fleet.models[Number.parseInt(digest.slice(8, 12), 16) % fleet.models.length];
    // `models` is never empty, so `line` is always defined; the fallback keeps the type checker honest.
    const { family, model } = line ?? { family: 'Device', model: 'Standard' };
    devices.push({
      oemDeviceId: `${fleet.idPrefix}-${digest.slice(0, 8)}`,
      name: `${fleet.brand} ${family} · ${suffix}`,
      type: oem.deviceType,
      model,
    });
  }
  return devices;
}
