/**
 * The words every layer shares: environments, journey modes and steps, sign-in methods, device
 * types, plans, and the shapes the database keeps as JSON. Declared once, here, at the bottom of the
 * house: this module imports nothing, so the schema, tokens, journey, views and API all build on it
 * without depending on one another.
 */

/** The two fully isolated environments; the key or launch of a request picks one. */
export const ENVIRONMENTS = ['sandbox', 'live'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A journey connects new devices, or reconnects the devices of an expired credential. */
export const JOURNEY_MODES = ['connect', 'reconnect'] as const;
export type JourneyMode = (typeof JOURNEY_MODES)[number];

/** The journey's steps in order (docs/journey.md); `done` is the end of every journey. */
export const JOURNEY_STEPS = [
  'device_type',
  'oem',
  'auth_method',
  'credentials',
  'mfa',
  'devices',
  'consent',
  'done',
] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

/** How a person signs in to an OEM account. */
export const AUTH_METHODS = ['password', 'api_key'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Device types in the order the journey offers them. */
export const DEVICE_TYPES = ['vehicle', 'battery', 'solar_inverter', 'hvac', 'ev_charger'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** The languages the journey speaks (docs/journey.md#languages); English is the fallback. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl'] as const;
/**
 * The pseudo-locale: English with every letter accented and 40% longer (lib/i18n/pseudo.ts), served
 * only when the server runs with JOURNEY_PSEUDO_LOCALE=on, to show strings that bypass the catalogs
 * and layouts that break when a translation runs long. Never a language a launch may ask for otherwise.
 */
export const PSEUDO_LANGUAGE = 'en-XA';
export type Language = (typeof LANGUAGES)[number] | typeof PSEUDO_LANGUAGE;
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * What a journey goes through, as an embedding page hears it and as the funnel counts it
 * (docs/embedding.md).
 */
export const JOURNEY_EVENTS = [
  'OPEN',
  'SELECT_DEVICE_TYPE',
  'SELECT_OEM',
  'SELECT_AUTH_METHOD',
  'SUBMIT_CREDENTIALS',
  'SUBMIT_MFA',
  'SELECT_DEVICES',
  'CONSENT',
  'ERROR',
  'EXIT',
  'HANDOFF',
] as const;
export type JourneyEventName = (typeof JOURNEY_EVENTS)[number];

/** Commercial plans (docs/usage.md). */
export const PLANS = ['starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface PlanTerms {
  /** Requests per second per live key. */
  rateLimit: number;
  /** Requests per UTC calendar month, all live keys of the customer together. */
  monthlyQuota: number;
}

/** The published plans' terms; Enterprise terms are agreed per customer. */
export const PLAN_TERMS: Readonly<Record<Exclude<Plan, 'enterprise'>, PlanTerms>> = {
  starter: { rateLimit: 10, monthlyQuota: 100_000 },
  pro: { rateLimit: 100, monthlyQuota: 1_000_000 },
};

/** A new customer's plan. */
export const DEFAULT_PLAN = 'starter' satisfies Plan;

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

export const isEnvironment = (value: unknown): value is Environment => isOneOf(ENVIRONMENTS, value);
export const isJourneyMode = (value: unknown): value is JourneyMode =>
  isOneOf(JOURNEY_MODES, value);
export const isJourneyStep = (value: unknown): value is JourneyStep =>
  isOneOf(JOURNEY_STEPS, value);
export const isAuthMethod = (value: unknown): value is AuthMethod => isOneOf(AUTH_METHODS, value);
export const isDeviceType = (value: unknown): value is DeviceType => isOneOf(DEVICE_TYPES, value);

// ---------------------------------------------------------------- shapes kept as JSON

/** A device an OEM account holds, as the OEM lists it at sign-in. */
export interface DiscoveredDevice {
  oemDeviceId: string;
  name: string;
  type: DeviceType;
  model: string;
}

/** The latest succeeded action of one type on a device: its parameters and completion instant. */
export interface AppliedAction {
  params: Record<string, unknown>;
  /** ISO instant at which the OEM completed the action. */
  at: string;
}

/** Per action type, the latest succeeded one (what the device row keeps). */
export type AppliedActions = Record<string, AppliedAction>;
