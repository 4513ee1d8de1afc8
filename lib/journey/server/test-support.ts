import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Environment, JourneySession } from '../../db/schema';
import { tablesFor } from '../../db/schema';
import { createCustomer, createCustomerApp, updateCustomer } from '../../customers';
import type { CreateCustomerAppInput } from '../../customers';
import type { ActionResult, JourneyScreen, StepResult, StepView } from '../views';
import { signLaunchToken } from '../../tokens';
import type { JourneyDeps } from './step-context';
import { launchJourney } from './launch';
import { runStep } from './runner';
import type { StepName } from './step-table';
import { STEP_TABLE } from './step-table';

/**
 * Shared set-up for the journey's database tests. Everything runs at an injected instant
 * (`deps.now`), never the wall clock; each test makes its own customer and app so that tests sharing
 * one database per file stay independent.
 */

export const TEST_CONFIG = {
  appSecret: 'test-app-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  publicBaseUrl: 'https://journey.example.test',
} as const;

/** A fixed instant; tests move time with `minutesAfter`. */
export const T0 = new Date('2026-03-02T09:00:00.000Z');

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

export function depsAt(db: Db, now: Date): JourneyDeps {
  return { db, config: TEST_CONFIG, now };
}

type StepCall = (deps: JourneyDeps, token: unknown, input?: unknown) => Promise<StepResult>;

/** Each step of the table as a function, for tests: `steps.chooseOem(deps, token, { id })`. */
export const steps = Object.fromEntries(
  Object.keys(STEP_TABLE).map((name) => [
    name,
    (deps: JourneyDeps, token: unknown, input?: unknown) => runStep(deps, token, name, input),
  ]),
) as Record<StepName, StepCall>;
const {
  chooseAuthMethod,
  chooseDevices,
  chooseDeviceType,
  chooseOem,
  submitCredentials,
  submitMfa,
} = steps;

export const REDIRECT_URL = 'https://app.example.test/callback?keep=1';
export const RECONNECT_REDIRECT_URL = 'https://app.example.test/reconnected';

export interface TestApp {
  customerId: string;
  appId: string;
}

/** A customer with one Customer App; live access and allowances when asked. */
export async function createTestApp(
  db: Db,
  options: {
    liveEnabled?: boolean;
    globalCap?: number | null;
    oemCaps?: Record<string, number>;
    app?: Partial<Omit<CreateCustomerAppInput, 'customerId'>>;
  } = {},
): Promise<TestApp> {
  const { customerId } = await createCustomer(db, {
    name: 'Test Energy',
    liveEnabled: options.liveEnabled ?? false,
  });
  if (options.globalCap !== undefined || options.oemCaps !== undefined) {
    await updateCustomer(db, {
      customerId,
      ...(options.globalCap !== undefined ? { globalCap: options.globalCap } : {}),
      ...(options.oemCaps !== undefined ? { oemCaps: options.oemCaps } : {}),
    });
  }
  const { appId } = await createCustomerApp(db, {
    customerId,
    appName: 'Test App',
    redirectUrl: REDIRECT_URL,
    reconnectRedirectUrl: RECONNECT_REDIRECT_URL,
    ...options.app,
  });
  return { customerId, appId };
}

/** The screen of a successful step; fails the test with the code otherwise. */
export function expectScreen(result: ActionResult<JourneyScreen>): JourneyScreen {
  if (!result.ok) throw new Error(`Expected a screen, got ${result.code}: ${result.message}`);
  return result.data;
}

/** The step view of a successful step, narrowed to the step the test expects. */
export function expectView<S extends StepView['step']>(
  result: ActionResult<JourneyScreen>,
  step: S,
): Extract<StepView, { step: S }> {
  const { view } = expectScreen(result);
  if (view.step !== step) throw new Error(`Expected step ${step}, got ${view.step}`);
  return view as Extract<StepView, { step: S }>;
}

/** The failure code and retry token of a refused step. */
export function expectFailure(result: ActionResult<JourneyScreen>) {
  if (result.ok) throw new Error(`Expected a failure, got the ${result.data.view.step} step`);
  return result;
}

/** Opens a journey by `GET /journey` parameters and returns its first screen. */
export async function launch(
  deps: JourneyDeps,
  params: { appId: string; userId: string; state?: string; environment?: Environment },
): Promise<JourneyScreen> {
  // Live journeys open only from a signed launch, as the API issues them.
  const outcome =
    params.environment === 'live'
      ? await launchJourney(deps, {
          launch: (
            await signLaunchToken(
              { ...params, environment: 'live' },
              deps.config.appSecret,
              deps.now,
            )
          ).token,
        })
      : await launchJourney(deps, { ...params });
  if (!outcome.ok) throw new Error(`Launch failed: ${outcome.code}`);
  return outcome.journey.screen;
}

/** Parses a redirect URL into its origin + path and its query parameters. */
export function parseRedirect(url: string): { target: string; params: Record<string, string> } {
  const parsed = new URL(url);
  return {
    target: `${parsed.origin}${parsed.pathname}`,
    params: Object.fromEntries(parsed.searchParams.entries()),
  };
}

export async function loadSession(
  db: Db,
  env: Environment,
  sessionId: string,
): Promise<JourneySession> {
  const t = tablesFor(env);
  const [session] = await db
    .select()
    .from(t.journeySessions)
    .where(eq(t.journeySessions.id, sessionId));
  if (!session) throw new Error(`No session ${sessionId}`);
  return session;
}

/** The session id a step token names (read without verifying: tests only). */
export function sessionIdOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    sid?: unknown;
  };
  if (typeof claims.sid !== 'string') throw new Error('Token names no session');
  return claims.sid;
}

/**
 * Drives a sandbox connect journey up to the consent step: device type → OEM → (auth method) →
 * credentials (the good test password or API key) → (MFA, the good code) → devices. `select` picks OEM device ids from the discovered list (all by default).
 */
export async function journeyToConsent(
  deps: JourneyDeps,
  input: {
    appId: string;
    userId: string;
    state?: string;
    deviceType?: string;
    oem?: string;
    username?: string;
    authMethod?: 'password' | 'api_key';
    apiKey?: string;
    select?: (ids: string[]) => string[];
  },
): Promise<{ token: string; sessionId: string; discovered: string[]; selected: string[] }> {
  const first = await launch(deps, {
    appId: input.appId,
    userId: input.userId,
    ...(input.state !== undefined ? { state: input.state } : {}),
  });
  const oemStep = expectScreen(
    await chooseDeviceType(deps, first.token, { id: input.deviceType ?? 'vehicle' }),
  );
  let credentials = expectScreen(
    await chooseOem(deps, oemStep.token, { id: input.oem ?? 'volta' }),
  );
  if (credentials.view.step === 'auth_method') {
    credentials = expectScreen(
      await chooseAuthMethod(deps, credentials.token, { id: input.authMethod ?? 'password' }),
    );
  }
  if (credentials.view.step !== 'credentials')
    throw new Error(`Expected credentials, got ${credentials.view.step}`);
  const secret =
    credentials.view.authMethod === 'api_key'
      ? { apiKey: input.apiKey ?? 'key_good' }
      : { username: input.username ?? 'user_good', password: 'pass_good' };
  let next = expectScreen(await submitCredentials(deps, credentials.token, secret));
  if (next.view.step === 'mfa')
    next = expectScreen(await submitMfa(deps, next.token, { code: '123456' }));
  if (next.view.step !== 'devices') throw new Error(`Expected devices, got ${next.view.step}`);
  const discovered = next.view.devices.map((d) => d.id);
  const selected = input.select ? input.select(discovered) : discovered;
  const consent = expectScreen(await chooseDevices(deps, next.token, { deviceIds: selected }));
  if (consent.view.step !== 'consent')
    throw new Error(`Expected consent, got ${consent.view.step}`);
  return { token: consent.token, sessionId: sessionIdOf(first.token), discovered, selected };
}
