import type { JourneySession } from '../../db/schema';
import type { CustomerAppWithCustomer } from '../../customers';
import {
  apiKeyHelpOf,
  AUTH_METHOD_LABELS,
  DEVICE_TYPE_LABELS,
  findOem,
  oemLogoPath,
  oemsFor,
} from '../../oem/catalogue';
import type { DeviceType, Environment } from '../../vocabulary';
import { DEVICE_TYPES, isDeviceType } from '../../vocabulary';
import { canGoBack, progressOf, MAX_LOGIN_FAILURES, MAX_MFA_FAILURES } from '../machine';
import type { Choice, JourneyScreen, StepView } from '../views';
import { connectedOemDeviceIds, deviceNamesOfCredential } from './queries';
import { describeChannel, pendingMfaChannel } from './sign-in';
import { MAX_MFA_RESENDS } from './steps/resend-mfa';
import type { JourneyDeps } from './step-context';
import { stateOf } from './step-context';

/** What each step of the journey shows: its view, from the session and the app. */

/** The OEMs this app may offer for a device type: sandbox shows every tier, live only entitled ones. */
export function availableOems(app: CustomerAppWithCustomer, env: Environment, type: DeviceType) {
  return oemsFor(type, {
    supportedOems: app.supportedOems,
    entitledTiers: env === 'live' ? app.entitledTiers : null,
  });
}

export function availableDeviceTypes(app: CustomerAppWithCustomer, env: Environment): Choice[] {
  return DEVICE_TYPES.filter((type) => availableOems(app, env, type).length > 0).map((type) => ({
    id: type,
    label: DEVICE_TYPE_LABELS[type],
  }));
}

/** What the user is asked to allow, per device type. */
const ACCESS: Record<DeviceType, string[]> = {
  vehicle: [
    'Battery level, range and charging status',
    'Location while charging',
    'Start and stop charging',
  ],
  battery: ['Charge level and power flows', 'Operating mode and backup reserve'],
  solar_inverter: ['Solar production and export', 'Export limit'],
  hvac: ['Temperatures and operating mode', 'Set temperature and mode'],
  ev_charger: ['Charging status and power', 'Start and stop charging, charging current'],
};

async function buildView(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
): Promise<StepView> {
  const oem = session.oem ? findOem(session.oem) : undefined;
  const oemName = oem?.name ?? '';
  switch (session.step) {
    case 'device_type':
      return { step: 'device_type', deviceTypes: availableDeviceTypes(app, env) };
    case 'oem': {
      const type =
        session.deviceType && isDeviceType(session.deviceType) ? session.deviceType : 'vehicle';
      return {
        step: 'oem',
        deviceTypeLabel: DEVICE_TYPE_LABELS[type],
        oems: availableOems(app, env, type).map((o) => ({
          id: o.id,
          label: o.name,
          logo: oemLogoPath(o.id) ?? undefined,
        })),
      };
    }
    case 'auth_method':
      return {
        step: 'auth_method',
        oemName,
        methods: (oem?.authMethods ?? []).map((m) => ({ id: m, label: AUTH_METHOD_LABELS[m] })),
      };
    case 'credentials':
      return {
        step: 'credentials',
        oemName,
        authMethod: session.authMethod === 'api_key' ? 'api_key' : 'password',
        attemptsLeft: MAX_LOGIN_FAILURES - session.loginFailures,
        apiKeyHelp: session.oem ? apiKeyHelpOf(session.oem) : null,
        accountHelpUrl: oem?.accountHelpUrl ?? null,
      };
    case 'mfa':
      return {
        step: 'mfa',
        oemName,
        attemptsLeft: MAX_MFA_FAILURES - session.mfaFailures,
        sentTo: describeChannel(pendingMfaChannel(session, deps.config.appSecret)),
        resendsLeft: Math.max(0, MAX_MFA_RESENDS - session.mfaResends),
      };
    case 'devices': {
      const discovered = session.discoveredDevices ?? [];
      const connected = session.oem
        ? await connectedOemDeviceIds(deps.db, env, {
            customerId: session.customerId,
            userId: session.userId,
            oem: session.oem,
            oemDeviceIds: discovered.map((d) => d.oemDeviceId),
          })
        : new Set<string>();
      return {
        step: 'devices',
        oemName,
        devices: discovered.map((d) => ({
          id: d.oemDeviceId,
          name: d.name,
          model: d.model,
          alreadyConnected: connected.has(d.oemDeviceId),
        })),
      };
    }
    case 'consent': {
      const selected = new Set(session.selectedDeviceIds ?? []);
      const deviceNames =
        session.mode === 'reconnect'
          ? session.credentialId
            ? await deviceNamesOfCredential(deps.db, env, session.credentialId)
            : []
          : (session.discoveredDevices ?? [])
              .filter((d) => selected.has(d.oemDeviceId))
              .map((d) => d.name);
      const type =
        session.deviceType && isDeviceType(session.deviceType) ? session.deviceType : 'vehicle';
      return {
        step: 'consent',
        appName: app.appName,
        oemName,
        mode: session.mode,
        authMethod: session.authMethod === 'api_key' ? 'api_key' : 'password',
        deviceNames,
        access: ACCESS[type],
      };
    }
    default:
      throw new Error(`No view for step ${session.step}`);
  }
}

/**
 * Renders the step `session` is at, with `token` (the next step token, signed by the runner) beside
 * it. Reads only: the devices a screen lists.
 */
export async function renderScreen(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
  token: string,
): Promise<JourneyScreen> {
  const state = stateOf(session);
  return {
    token,
    mode: session.mode,
    view: await buildView(deps, env, app, session),
    canGoBack: canGoBack(state),
    progress: progressOf(state),
  };
}
