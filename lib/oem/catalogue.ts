/**
 * The OEM catalogue: which device makers the journey offers, for which device type, with which
 * login methods. Pure data, safe to import from server and client code alike.
 */

import type { AuthMethod, DeviceType } from '../vocabulary';

export { DEVICE_TYPES, isDeviceType } from '../vocabulary';
export type { AuthMethod, DeviceType } from '../vocabulary';

/** Display names; the journey's accessible names depend on these exact strings (docs/journey.md). */
export const DEVICE_TYPE_LABELS: Record<DeviceType, string> = Object.freeze({
  vehicle: 'Vehicle',
  battery: 'Battery',
  solar_inverter: 'Solar inverter',
  hvac: 'HVAC',
  ev_charger: 'EV charger',
});

export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = Object.freeze({
  password: 'Username and password',
  api_key: 'API key',
});

/** Commercial tier of an OEM integration; live apps see only the tiers they are entitled to. */
export type OemTier = 'standard' | 'premium';

export interface OemInfo {
  id: string;
  name: string;
  deviceType: DeviceType;
  authMethods: readonly AuthMethod[];
  tier: OemTier;
  /** The maker's own page for a forgotten password or a locked account (https, shown as a link). */
  accountHelpUrl: string;
}

function oem(info: OemInfo): OemInfo {
  return Object.freeze({
    ...info,
    authMethods: Object.freeze([...info.authMethods]),
  });
}

/** The sandbox OEMs of docs/sandbox.md. Order is the order the journey lists them. */
export const OEM_CATALOGUE: readonly OemInfo[] = Object.freeze([
  oem({
    id: 'volta',
    name: 'Volta Motors',
    deviceType: 'vehicle',
    authMethods: ['password'],
    tier: 'standard',
    accountHelpUrl: 'https://account.voltamotors.example/reset-password',
  }),
  oem({
    id: 'ampere',
    name: 'Ampere Auto',
    deviceType: 'vehicle',
    authMethods: ['password', 'api_key'],
    tier: 'premium',
    accountHelpUrl: 'https://account.ampereauto.example/reset-password',
  }),
  oem({
    id: 'stellar',
    name: 'Stellar Storage',
    deviceType: 'battery',
    authMethods: ['password', 'api_key'],
    tier: 'standard',
    accountHelpUrl: 'https://account.stellarstorage.example/reset-password',
  }),
  oem({
    id: 'helios',
    name: 'Helios Inverters',
    deviceType: 'solar_inverter',
    authMethods: ['api_key'],
    tier: 'standard',
    accountHelpUrl: 'https://account.heliosinverters.example/reset-password',
  }),
  oem({
    id: 'nimbus',
    name: 'Nimbus Climate',
    deviceType: 'hvac',
    authMethods: ['password'],
    tier: 'standard',
    accountHelpUrl: 'https://account.nimbusclimate.example/reset-password',
  }),
  oem({
    id: 'current',
    name: 'Current Chargers',
    deviceType: 'ev_charger',
    authMethods: ['password'],
    tier: 'premium',
    accountHelpUrl: 'https://account.currentchargers.example/reset-password',
  }),
]);

export function findOem(id: string): OemInfo | undefined {
  return OEM_CATALOGUE.find((o) => o.id === id);
}

/**
 * OEMs offered for a device type. supportedOems null = all. entitledTiers: null in sandbox (every
 * tier shown), a list in live.
 */
export function oemsFor(
  deviceType: DeviceType,
  filter: {
    supportedOems: readonly string[] | null;
    entitledTiers: readonly string[] | null;
  },
): OemInfo[] {
  const { supportedOems, entitledTiers } = filter;
  return OEM_CATALOGUE.filter(
    (o) =>
      o.deviceType === deviceType &&
      (supportedOems === null || supportedOems.includes(o.id)) &&
      (entitledTiers === null || entitledTiers.includes(o.tier)),
  );
}

/** Where each OEM's logo is served from (local files under public/oems: no third-party request). */
export function oemLogoPath(id: string): string | null {
  return findOem(id) ? `/oems/${id}.svg` : null;
}

/**
 * Sign-in help shown on the journey's API key form ("Where do I find my API key?"), per OEM that
 * offers API keys: the path through the OEM's own app or website, in the OEM's words.
 */
export const OEM_API_KEY_HELP: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ampere: Object.freeze([
    'Open the Ampere Auto app and sign in.',
    'Go to Profile → Connected services → Developer access.',
    'Choose Create key, name it after this app, and copy the key shown (it starts with “aa_”).',
  ]),
  stellar: Object.freeze([
    'Sign in at the Stellar Storage web portal.',
    'Open Settings → Integrations → API keys.',
    'Choose New key with read and control access, then copy it: it is shown once.',
  ]),
  helios: Object.freeze([
    'Sign in to Helios Monitor on the web (the installer portal does not issue keys).',
    'Open Account → Security → Personal API key.',
    'Choose Generate and copy the key. Generating a new key replaces the old one.',
  ]),
});

/** The API key help of an OEM, when it offers API keys and has help written. */
export function apiKeyHelpOf(id: string): readonly string[] | null {
  const oem = findOem(id);
  if (!oem?.authMethods.includes('api_key')) return null;
  return Object.hasOwn(OEM_API_KEY_HELP, id) ? (OEM_API_KEY_HELP[id] ?? null) : null;
}
