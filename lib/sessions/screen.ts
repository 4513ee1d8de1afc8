import { and, eq, inArray } from 'drizzle-orm';
import type { JourneySession } from '../db/schema';
import type { CustomerAppWithCustomer } from '../customers';
import { canGoBack, visibleSteps, MAX_LOGIN_FAILURES, MAX_MFA_FAILURES } from '../journey/machine';
import type { Choice, JourneyScreen, StepView } from '../journey/views';
import type { DeviceType } from '../oem';
import {
  AUTH_METHOD_LABELS,
  DEVICE_TYPE_LABELS,
  DEVICE_TYPES,
  findOem,
  isDeviceType,
  oemsFor,
} from '../oem';
import { endUserIdFor } from '../devices/register';
import { signStepToken } from '../tokens';
import type { SessionDeps } from './context';
import { stateOf } from './context';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';

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
  deps: SessionDeps,
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
        oems: availableOems(app, env, type).map((o) => ({ id: o.id, label: o.name })),
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
      };
    case 'mfa':
      return { step: 'mfa', oemName, attemptsLeft: MAX_MFA_FAILURES - session.mfaFailures };
    case 'devices': {
      const discovered = session.discoveredDevices ?? [];
      const connected = await connectedOemDeviceIds(
        deps,
        env,
        session,
        discovered.map((d) => d.oemDeviceId),
      );
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
          ? await credentialDeviceNames(deps, env, session.credentialId)
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
        deviceNames,
        access: ACCESS[type],
      };
    }
    default:
      throw new Error(`No view for step ${session.step}`);
  }
}

/** Reconnection refreshes every device of one credential: name them on the consent screen. */
async function credentialDeviceNames(
  deps: SessionDeps,
  env: Environment,
  credentialId: string | null,
): Promise<string[]> {
  if (!credentialId) return [];
  const t = tablesFor(env);
  const rows = await deps.db
    .select({ name: t.devices.name })
    .from(t.devices)
    .where(eq(t.devices.credentialId, credentialId))
    .orderBy(t.devices.name);
  return rows.map((r) => r.name);
}

async function connectedOemDeviceIds(
  deps: SessionDeps,
  env: Environment,
  session: JourneySession,
  oemDeviceIds: string[],
): Promise<Set<string>> {
  if (!session.oem || oemDeviceIds.length === 0) return new Set();
  const t = tablesFor(env);
  const rows = await deps.db
    .select({ oemDeviceId: t.devices.oemDeviceId })
    .from(t.devices)
    .where(
      and(
        eq(t.devices.customerId, session.customerId),
        // This user's devices: another user's connection of the same OEM device is theirs.
        eq(t.devices.endUserId, endUserIdFor(env, session.customerId, session.userId)),
        eq(t.devices.oem, session.oem),
        eq(t.devices.status, 'connected'),
        inArray(t.devices.oemDeviceId, oemDeviceIds),
      ),
    );
  return new Set(rows.map((r) => r.oemDeviceId));
}

/** Signs the next step token for `session` and renders its step. */
export async function screenFor(
  deps: SessionDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
): Promise<JourneyScreen> {
  const state = stateOf(session);
  const { token } = await signStepToken(
    {
      sid: session.id,
      env,
      app: session.appId,
      mode: session.mode,
      step: state.step,
      ver: session.version,
    },
    deps.config.appSecret,
    deps.now,
  );
  return {
    token,
    mode: session.mode,
    view: await buildView(deps, env, app, session),
    canGoBack: canGoBack(state),
    progress: { steps: visibleSteps(state), current: state.step },
  };
}
