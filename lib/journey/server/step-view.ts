import type { JourneySession } from '../../db/schema';
import type { CustomerAppWithCustomer } from '../../customers';
import { CATALOGS } from '../../i18n/catalogs';
import {
  apiKeyHelpOf,
  DEVICE_TYPE_LABELS,
  findOem,
  oemLogoPath,
  oemsFor,
} from '../../oem/catalogue';
import type { DeviceType, Environment, Language } from '../../vocabulary';
import { DEVICE_TYPES, isDeviceType } from '../../vocabulary';
import { canGoBack, progressOf, MAX_LOGIN_FAILURES, MAX_MFA_FAILURES } from '../machine';
import type { Choice, JourneyScreen, StepView } from '../views';
import { connectedOemDeviceIds, deviceNamesOfCredential } from './queries';
import { authMethodLabel, deviceTypeLabel, journeyT, validationWords } from './copy';
import { pendingMfaChannel } from './sign-in';
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

export function availableDeviceTypes(
  app: CustomerAppWithCustomer,
  env: Environment,
  language: Language = 'en',
): Choice[] {
  return DEVICE_TYPES.filter((type) => availableOems(app, env, type).length > 0).map((type) => ({
    id: type,
    label: deviceTypeLabel(language, type),
  }));
}

/** What the user is asked to allow, per device type, in `language`. */
function accessOf(language: Language, type: DeviceType): string[] {
  return Object.values(CATALOGS[language].journey.consent.access[type]);
}

/** An OEM's steps to its API key, in `language` (the catalogue says which OEMs have them). */
function apiKeyHelpIn(language: Language, oem: string): string[] | null {
  if (!apiKeyHelpOf(oem)) return null;
  const steps = CATALOGS[language].journey.apiKeyHelp.oems as Record<
    string,
    Record<string, string>
  >;
  return Object.hasOwn(steps, oem) ? Object.values(steps[oem]!) : null;
}

/** What the step that moved the session read for the next screen already (it is not read again). */
export interface KnownForView {
  /** The devices screen's discovered devices that this user has connected already. */
  connectedOemDeviceIds?: Set<string>;
}

async function buildView(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
  known: KnownForView,
): Promise<StepView> {
  const language = session.language;
  const t = journeyT(language);
  const oem = session.oem ? findOem(session.oem) : undefined;
  const oemName = oem?.name ?? '';
  const appName = app.appName;
  const type: DeviceType =
    session.deviceType && isDeviceType(session.deviceType) ? session.deviceType : 'vehicle';
  switch (session.step) {
    case 'device_type':
      return {
        step: 'device_type',
        title: t('journey.titles.deviceType'),
        legend: t('journey.legends.deviceType'),
        deviceTypes: availableDeviceTypes(app, env, language),
      };
    case 'oem':
      return {
        step: 'oem',
        title: t('journey.titles.oem', { deviceType: t(`journey.deviceTypeNouns.${type}`) }),
        legend: t('journey.legends.oem'),
        deviceTypeLabel: DEVICE_TYPE_LABELS[type],
        oems: availableOems(app, env, type).map((o) => ({
          id: o.id,
          label: o.name,
          logo: oemLogoPath(o.id) ?? undefined,
        })),
        text: {
          search: t('journey.oemSearch.label'),
          noMatch: CATALOGS[language].journey.oemSearch.noMatch,
          shown: CATALOGS[language].journey.oemSearch.shown,
          notListed: t('journey.actions.notListed'),
        },
      };
    case 'auth_method':
      return {
        step: 'auth_method',
        title: t('journey.titles.authMethod', { oemName }),
        legend: t('journey.legends.authMethod'),
        oemName,
        methods: (oem?.authMethods ?? []).map((m) => ({
          id: m,
          label: authMethodLabel(language, m),
        })),
      };
    case 'credentials': {
      const apiKey = session.authMethod === 'api_key';
      return {
        step: 'credentials',
        title: t(
          apiKey ? 'journey.titles.credentialsApiKey' : 'journey.titles.credentialsPassword',
          {
            oemName,
          },
        ),
        oemName,
        authMethod: apiKey ? 'api_key' : 'password',
        attemptsLeft: MAX_LOGIN_FAILURES - session.loginFailures,
        apiKeyHelp: session.oem ? apiKeyHelpIn(language, session.oem) : null,
        accountHelpUrl: oem?.accountHelpUrl ?? null,
        text: {
          intro: t(
            apiKey ? 'journey.credentials.apiKeyIntro' : 'journey.credentials.passwordIntro',
            {
              oemName,
            },
          ),
          username: t('journey.credentials.username'),
          password: t('journey.credentials.password'),
          apiKey: t('journey.credentials.apiKey'),
          forgotPassword: t('journey.credentials.forgotPassword', { oemName }),
          submitting: t(apiKey ? 'journey.actions.checking' : 'journey.actions.signingIn'),
          busy: t('journey.busy.signIn', { oemName }),
          helpSummary: t('journey.apiKeyHelp.summary'),
          helpPrivacy: t('journey.apiKeyHelp.privacy', { oemName }),
          validation: validationWords(language),
        },
      };
    }
    case 'mfa': {
      const channel = pendingMfaChannel(session, deps.config.appSecret);
      const sentTo = channel
        ? channel.kind === 'sms'
          ? t('journey.mfa.phoneEnding', { hint: channel.hint })
          : channel.hint
        : null;
      return {
        step: 'mfa',
        title: t('journey.titles.mfa'),
        oemName,
        attemptsLeft: MAX_MFA_FAILURES - session.mfaFailures,
        sentTo,
        resendsLeft: Math.max(0, MAX_MFA_RESENDS - session.mfaResends),
        text: {
          intro: sentTo
            ? t('journey.mfa.sentTo', { oemName, destination: sentTo })
            : t('journey.mfa.sentToUnknown', { oemName }),
          code: t('journey.mfa.code'),
          codeResent: t('journey.mfa.codeResent'),
          resend: t('journey.actions.resendCode'),
          busy: t('journey.busy.signIn', { oemName }),
          validation: validationWords(language),
        },
      };
    }
    case 'devices': {
      const discovered = session.discoveredDevices ?? [];
      const connected =
        known.connectedOemDeviceIds ??
        (session.oem
          ? await connectedOemDeviceIds(deps.db, env, {
              customerId: session.customerId,
              userId: session.userId,
              oem: session.oem,
              oemDeviceIds: discovered.map((d) => d.oemDeviceId),
            })
          : new Set<string>());
      return {
        step: 'devices',
        title: t('journey.titles.devices'),
        oemName,
        devices: discovered.map((d) => ({
          id: d.oemDeviceId,
          name: d.name,
          model: d.model,
          alreadyConnected: connected.has(d.oemDeviceId),
        })),
        text: {
          found: t('journey.devices.found', { count: discovered.length, oemName }),
          selected: CATALOGS[language].journey.devices.selected,
          legend: t('journey.legends.devices'),
          alreadyConnected: t('journey.devices.alreadyConnected'),
          selectAll: t('journey.actions.selectAll'),
          selectNone: t('journey.actions.selectNone'),
          selectAtLeastOne: t('journey.devices.selectAtLeastOne'),
        },
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
      const apiKey = session.authMethod === 'api_key';
      return {
        step: 'consent',
        title: t(
          session.mode === 'reconnect' ? 'journey.titles.reconsent' : 'journey.titles.consent',
          {
            appName,
          },
        ),
        appName,
        oemName,
        mode: session.mode,
        authMethod: apiKey ? 'api_key' : 'password',
        deviceNames,
        access: accessOf(language, type),
        text: {
          devicesHeading: t('journey.consent.devicesFrom', { count: deviceNames.length, oemName }),
          more: CATALOGS[language].journey.consent.more,
          reconnectAll: t('journey.consent.reconnectAll', { oemName }),
          ableTo: t('journey.consent.ableTo', { appName }),
          privacy: t(apiKey ? 'journey.consent.privacyApiKey' : 'journey.consent.privacyPassword', {
            appName,
            oemName,
          }),
          allow: t('journey.actions.allow'),
          connecting: t('journey.actions.connecting'),
          busy: t('journey.busy.consent', { appName }),
        },
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
  known: KnownForView = {},
): Promise<JourneyScreen> {
  const state = stateOf(session);
  return {
    token,
    mode: session.mode,
    view: await buildView(deps, env, app, session, known),
    canGoBack: canGoBack(state),
    progress: progressOf(state),
  };
}
