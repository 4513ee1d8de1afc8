import { describe, expect, it } from 'vitest';

import {
  AUTH_METHOD_LABELS,
  DEVICE_TYPE_LABELS,
  DEVICE_TYPES,
  findOem,
  isDeviceType,
  OEM_CATALOGUE,
  oemsFor,
} from './catalogue';

describe('device types', () => {
  it('lists the five types in journey order with their accessible labels', () => {
    expect(DEVICE_TYPES).toEqual(['vehicle', 'battery', 'solar_inverter', 'hvac', 'ev_charger']);
    expect(DEVICE_TYPES.map((t) => DEVICE_TYPE_LABELS[t])).toEqual([
      'Vehicle',
      'Battery',
      'Solar inverter',
      'HVAC',
      'EV charger',
    ]);
  });

  it('recognises device types and nothing else', () => {
    for (const t of DEVICE_TYPES) expect(isDeviceType(t)).toBe(true);
    for (const v of ['', 'Vehicle', 'car', 'solar', 'toString', 'constructor'])
      expect(isDeviceType(v)).toBe(false);
  });

  it('labels auth methods', () => {
    expect(AUTH_METHOD_LABELS).toEqual({ password: 'Username and password', api_key: 'API key' });
  });
});

describe('OEM catalogue', () => {
  it('matches the sandbox table of docs/sandbox.md row by row', () => {
    expect(OEM_CATALOGUE.map((o) => ({ ...o, authMethods: [...o.authMethods] }))).toEqual([
      {
        id: 'volta',
        name: 'Volta Motors',
        deviceType: 'vehicle',
        authMethods: ['password'],
        tier: 'standard',
        accountHelpUrl: 'https://account.voltamotors.example/reset-password',
      },
      {
        id: 'ampere',
        name: 'Ampere Auto',
        deviceType: 'vehicle',
        authMethods: ['password', 'api_key'],
        tier: 'premium',
        accountHelpUrl: 'https://account.ampereauto.example/reset-password',
      },
      {
        id: 'stellar',
        name: 'Stellar Storage',
        deviceType: 'battery',
        authMethods: ['password', 'api_key'],
        tier: 'standard',
        accountHelpUrl: 'https://account.stellarstorage.example/reset-password',
      },
      {
        id: 'helios',
        name: 'Helios Inverters',
        deviceType: 'solar_inverter',
        authMethods: ['api_key'],
        tier: 'standard',
        accountHelpUrl: 'https://account.heliosinverters.example/reset-password',
      },
      {
        id: 'nimbus',
        name: 'Nimbus Climate',
        deviceType: 'hvac',
        authMethods: ['password'],
        tier: 'standard',
        accountHelpUrl: 'https://account.nimbusclimate.example/reset-password',
      },
      {
        id: 'current',
        name: 'Current Chargers',
        deviceType: 'ev_charger',
        authMethods: ['password'],
        tier: 'premium',
        accountHelpUrl: 'https://account.currentchargers.example/reset-password',
      },
    ]);
  });

  it('is frozen so no caller can change it for everyone', () => {
    expect(Object.isFrozen(OEM_CATALOGUE)).toBe(true);
    for (const o of OEM_CATALOGUE) {
      expect(Object.isFrozen(o)).toBe(true);
      expect(Object.isFrozen(o.authMethods)).toBe(true);
    }
  });

  it('finds OEMs by exact id only', () => {
    for (const o of OEM_CATALOGUE) expect(findOem(o.id)).toBe(o);
    for (const id of ['', 'Volta', 'volta ', 'unknown', 'constructor'])
      expect(findOem(id)).toBeUndefined();
  });
});

describe('oemsFor', () => {
  const ids = (list: { id: string }[]) => list.map((o) => o.id);
  const all = { supportedOems: null, entitledTiers: null };

  it('offers every OEM of the type when nothing filters (sandbox, all OEMs)', () => {
    expect(ids(oemsFor('vehicle', all))).toEqual(['volta', 'ampere']);
    expect(ids(oemsFor('battery', all))).toEqual(['stellar']);
    expect(ids(oemsFor('solar_inverter', all))).toEqual(['helios']);
    expect(ids(oemsFor('hvac', all))).toEqual(['nimbus']);
    expect(ids(oemsFor('ev_charger', all))).toEqual(['current']);
  });

  it("keeps only the app's supported OEMs", () => {
    expect(
      ids(oemsFor('vehicle', { supportedOems: ['ampere', 'stellar'], entitledTiers: null })),
    ).toEqual(['ampere']);
    expect(ids(oemsFor('hvac', { supportedOems: ['ampere'], entitledTiers: null }))).toEqual([]);
    expect(ids(oemsFor('vehicle', { supportedOems: [], entitledTiers: null }))).toEqual([]);
  });

  it('keeps only entitled tiers when a list is given (live), every tier when null (sandbox)', () => {
    expect(ids(oemsFor('vehicle', { supportedOems: null, entitledTiers: ['standard'] }))).toEqual([
      'volta',
    ]);
    expect(ids(oemsFor('vehicle', { supportedOems: null, entitledTiers: ['premium'] }))).toEqual([
      'ampere',
    ]);
    expect(
      ids(oemsFor('vehicle', { supportedOems: null, entitledTiers: ['standard', 'premium'] })),
    ).toEqual(['volta', 'ampere']);
    expect(
      ids(oemsFor('ev_charger', { supportedOems: null, entitledTiers: ['standard'] })),
    ).toEqual([]);
    expect(ids(oemsFor('ev_charger', { supportedOems: null, entitledTiers: [] }))).toEqual([]);
  });

  it('applies both filters together', () => {
    const filter = { supportedOems: ['volta', 'current'], entitledTiers: ['premium'] };
    expect(ids(oemsFor('vehicle', filter))).toEqual([]);
    expect(ids(oemsFor('ev_charger', filter))).toEqual(['current']);
  });
});

describe('OEM logos and sign-in help', () => {
  it('serves a local logo for every OEM of the catalogue and none for unknown ids', async () => {
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    const { oemLogoPath } = await import('./catalogue');
    for (const o of OEM_CATALOGUE) {
      const logo = oemLogoPath(o.id);
      expect(logo).toBe(`/oems/${o.id}.svg`);
      expect(existsSync(path.join(process.cwd(), 'public', logo!)), o.id).toBe(true);
    }
    expect(oemLogoPath('../icon')).toBeNull();
  });

  it('has API key help for exactly the OEMs that offer API keys', async () => {
    const { apiKeyHelpOf } = await import('./catalogue');
    for (const o of OEM_CATALOGUE) {
      const help = apiKeyHelpOf(o.id);
      if (o.authMethods.includes('api_key')) expect(help?.length, o.id).toBeGreaterThan(0);
      else expect(help, o.id).toBeNull();
    }
    expect(apiKeyHelpOf('constructor')).toBeNull();
  });
});
