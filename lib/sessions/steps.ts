import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { decryptSecret, encryptSecret, hmacIdentifier } from '../crypto';
import type { JourneySession } from '../db/schema';
import { registerDevices } from '../devices/register';
import { reconnectDevices } from '../devices/reconnect';
import type { JourneyEvent } from '../journey/machine';
import { MAX_LOGIN_FAILURES, MAX_MFA_FAILURES, transition } from '../journey/machine';
import { buildRedirectUrl, cancelParams, errorParams, successParams } from '../journey/redirect';
import {
  apiKeyCredentialsSchema,
  choiceSchema,
  deviceSelectionSchema,
  mfaSchema,
  passwordCredentialsSchema,
} from '../journey/schemas';
import type { ActionResult, JourneyScreen, StepView } from '../journey/views';
import type { AuthInput, AuthResult, OemSession } from '../oem';
import { accountIdentifier, getOemAdapter, isDeviceType } from '../oem';
import { notifyDispatcher } from '../webhooks';
import type { SessionDeps, SessionPatch, StepContext } from './context';
import { commitStep, countRecentFailures, loadStep, recordJourneyEvent } from './context';
import type { JourneyErrorCode } from './errors';
import { JOURNEY_ERRORS, JourneyError } from './errors';
import { availableDeviceTypes, availableOems, screenFor } from './screen';

/**
 * Failed sign-ins an OEM account may see in an hour from one customer's journeys at one client
 * address. Keyed that narrowly so that someone who knows a username cannot lock its owner out of
 * every app; a successful sign-in resets it.
 */
export const ACCOUNT_FAILURES_PER_HOUR = 100;
/** The same count from anywhere: a circuit breaker far above what one person's mistakes reach. */
export const ACCOUNT_FAILURES_CIRCUIT_BREAKER = 1000;

type Result = ActionResult<JourneyScreen>;

/** Runs a step: verifies the token and session first; maps journey errors to a typed result. */
async function step(
  deps: SessionDeps,
  token: unknown,
  run: (ctx: StepContext) => Promise<Result>,
): Promise<Result> {
  try {
    return await run(await loadStep(deps, token));
  } catch (error) {
    if (error instanceof JourneyError)
      return failure(error.code, { fieldErrors: error.fieldErrors });
    throw error;
  }
}

function failure(
  code: JourneyErrorCode,
  extra: { token?: string; attemptsLeft?: number; fieldErrors?: Record<string, string> } = {},
): Extract<Result, { ok: false }> {
  const result: Extract<Result, { ok: false }> = {
    ok: false,
    code,
    message: JOURNEY_ERRORS[code].message,
  };
  if (extra.token) result.token = extra.token;
  if (extra.attemptsLeft !== undefined) result.attemptsLeft = extra.attemptsLeft;
  if (extra.fieldErrors) result.fieldErrors = extra.fieldErrors;
  return result;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new JourneyError('INVALID_INPUT', fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** Applies a machine event, failing with NOT_ALLOWED when the step does not accept it. */
function apply(ctx: StepContext, event: JourneyEvent) {
  const result = transition(ctx.state, event);
  if (!result.ok)
    throw new JourneyError(result.reason === 'invalid_choice' ? 'INVALID_INPUT' : 'NOT_ALLOWED');
  return result;
}

async function advance(ctx: StepContext, patch: SessionPatch, event?: string): Promise<Result> {
  const session = await commitStep(ctx, patch);
  if (event) {
    await recordJourneyEvent(ctx.deps.db, ctx.t, {
      sessionId: session.id,
      type: event,
      step: ctx.session.step,
      at: ctx.deps.now,
    });
  }
  return { ok: true, data: await screenFor(ctx.deps, ctx.env, ctx.app, session) };
}

function redirectTarget(ctx: StepContext): string {
  return ctx.session.mode === 'reconnect' ? ctx.app.reconnectRedirectUrl : ctx.app.redirectUrl;
}

function finishedScreen(ctx: StepContext, session: JourneySession, view: StepView): Result {
  return {
    ok: true,
    data: {
      token: '',
      mode: session.mode,
      view,
      canGoBack: false,
      progress: { steps: [], current: 'done' },
    },
  };
}

/** Ends the journey with an error: the user sees why, then returns to the app with `status=error`. */
async function endWithError(
  ctx: StepContext,
  code: JourneyErrorCode,
  patch: SessionPatch = {},
): Promise<Result> {
  const session = await commitStep(ctx, {
    ...patch,
    status: 'failed',
    errorCode: code,
    completedAt: ctx.deps.now,
  });
  await recordJourneyEvent(ctx.deps.db, ctx.t, {
    sessionId: session.id,
    type: 'failed',
    step: ctx.session.step,
    details: { code },
    at: ctx.deps.now,
  });
  return finishedScreen(ctx, session, {
    step: 'finished',
    outcome: 'error',
    title: JOURNEY_ERRORS[code].title,
    message: JOURNEY_ERRORS[code].message,
    redirectUrl: buildRedirectUrl(redirectTarget(ctx), errorParams(code, session.state)),
  });
}

// ---------------------------------------------------------------- selection steps

export function chooseDeviceType(
  deps: SessionDeps,
  token: unknown,
  input: unknown,
): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const { id } = parseInput(choiceSchema, input);
    if (!availableDeviceTypes(ctx.app, ctx.env).some((c) => c.id === id)) {
      throw new JourneyError('INVALID_INPUT', { id: 'Choose one of the listed device types' });
    }
    const { state } = apply(ctx, { type: 'choose_device_type', deviceType: id });
    return advance(ctx, { step: state.step, deviceType: state.deviceType });
  });
}

export function chooseOem(deps: SessionDeps, token: unknown, input: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const { id } = parseInput(choiceSchema, input);
    const type = ctx.state.deviceType;
    const oem =
      type && isDeviceType(type)
        ? availableOems(ctx.app, ctx.env, type).find((o) => o.id === id)
        : undefined;
    if (!oem)
      throw new JourneyError('INVALID_INPUT', { id: 'Choose one of the listed manufacturers' });
    const { state } = apply(ctx, { type: 'choose_oem', oem: oem.id, authMethods: oem.authMethods });
    return advance(ctx, { step: state.step, oem: state.oem, authMethod: state.authMethod });
  });
}

export function chooseAuthMethod(
  deps: SessionDeps,
  token: unknown,
  input: unknown,
): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const { id } = parseInput(choiceSchema, input);
    if (id !== 'password' && id !== 'api_key') {
      throw new JourneyError('INVALID_INPUT', { id: 'Choose one of the listed sign-in methods' });
    }
    const { state } = apply(ctx, { type: 'choose_auth_method', authMethod: id });
    return advance(ctx, { step: state.step, authMethod: state.authMethod });
  });
}

export function goBack(deps: SessionDeps, token: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const result = transition(ctx.state, { type: 'back' });
    if (!result.ok) throw new JourneyError('NOT_ALLOWED');
    const s = result.state;
    return advance(ctx, {
      step: s.step,
      deviceType: s.deviceType,
      oem: s.oem,
      authMethod: s.authMethod,
    });
  });
}

export function cancelJourney(deps: SessionDeps, token: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const session = await commitStep(ctx, { status: 'cancelled', completedAt: deps.now });
    await recordJourneyEvent(deps.db, ctx.t, {
      sessionId: session.id,
      type: 'cancelled',
      step: ctx.session.step,
      at: deps.now,
    });
    return finishedScreen(ctx, session, {
      step: 'finished',
      outcome: 'cancelled',
      title: 'Cancelled',
      message: `Returning you to ${ctx.app.appName}…`,
      redirectUrl: buildRedirectUrl(
        redirectTarget(ctx),
        cancelParams(ctx.session.step, session.state),
      ),
    });
  });
}

// ---------------------------------------------------------------- sign-in

/** The OEM account behind a successful sign-in, as a keyed hash (one credential per account). */
function accountRefOf(ctx: StepContext, accountId: string): string {
  return `${ctx.session.oem}:${hmacIdentifier(accountId, ctx.deps.config.appSecret, 'oem-account')}`;
}

async function callOem(run: () => Promise<AuthResult>): Promise<AuthResult> {
  try {
    return await run();
  } catch {
    return { kind: 'error', code: 'OEM_UNAVAILABLE', retryable: true };
  }
}

export function submitCredentials(
  deps: SessionDeps,
  token: unknown,
  input: unknown,
): Promise<Result> {
  return step(deps, token, async (ctx) => {
    if (ctx.session.step !== 'credentials') throw new JourneyError('NOT_ALLOWED');
    const auth: AuthInput =
      ctx.state.authMethod === 'api_key'
        ? { method: 'api_key', ...parseInput(apiKeyCredentialsSchema, input) }
        : { method: 'password', ...parseInput(passwordCredentialsSchema, input) };
    const adapter = ctx.session.oem ? getOemAdapter(ctx.session.oem, ctx.env) : undefined;
    if (!adapter) throw new JourneyError('SESSION_EXPIRED');

    // Failed sign-ins are budgeted per OEM account across journeys (keyed hash, never the value).
    const attemptRef = `${ctx.session.oem}:${hmacIdentifier(accountIdentifier(auth), deps.config.appSecret, 'oem-attempt')}`;
    if (await signInBudgetSpent(ctx, attemptRef)) {
      return failure('ACCOUNT_RATE_LIMITED', { token: ctx.token });
    }
    const result = await callOem(() => adapter.authenticate(auth));
    return afterAuthentication(ctx, result, attemptRef);
  });
}

export function submitMfa(deps: SessionDeps, token: unknown, input: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    if (ctx.session.step !== 'mfa' || !ctx.session.oemSession || !ctx.session.oem) {
      throw new JourneyError('NOT_ALLOWED');
    }
    const { code } = parseInput(mfaSchema, input);
    const adapter = getOemAdapter(ctx.session.oem, ctx.env);
    if (!adapter) throw new JourneyError('SESSION_EXPIRED');
    const pending = readPendingMfa(ctx);
    // Wrong codes draw on the same per-account budget as wrong passwords: otherwise someone who
    // knows the password could guess codes 5 at a time in as many journeys as they like.
    if (await signInBudgetSpent(ctx, pending.attemptRef)) {
      return failure('ACCOUNT_RATE_LIMITED', { token: ctx.token });
    }
    const result = await callOem(() => adapter.verifyMfa(pending.challenge, code));
    return afterAuthentication(ctx, result, pending.attemptRef);
  });
}

/** The client address of this request as a keyed hash (the address itself is never stored). */
function clientRefOf(ctx: StepContext): string {
  const { deps } = ctx;
  return hmacIdentifier(deps.clientAddress ?? 'unknown', deps.config.appSecret, 'client-address');
}

/** Whether the OEM account's budget of failed sign-ins (see ACCOUNT_FAILURES_PER_HOUR) is spent. */
async function signInBudgetSpent(ctx: StepContext, attemptRef: string): Promise<boolean> {
  const failures = await countRecentFailures(ctx.deps.db, ctx.t, {
    attemptRef,
    customerId: ctx.session.customerId,
    clientRef: clientRefOf(ctx),
    now: ctx.deps.now,
  });
  return (
    failures.ownBudget >= ACCOUNT_FAILURES_PER_HOUR ||
    failures.everywhere >= ACCOUNT_FAILURES_CIRCUIT_BREAKER
  );
}

/** What the session keeps (encrypted) while it waits for an MFA code. */
const pendingMfaSchema = z.object({ challenge: z.string(), attemptRef: z.string() });

function readPendingMfa(ctx: StepContext): z.infer<typeof pendingMfaSchema> {
  const { session, deps } = ctx;
  try {
    const plain = decryptSecret(session.oemSession ?? '', deps.config.appSecret, session.id);
    return pendingMfaSchema.parse(JSON.parse(plain));
  } catch {
    // Unreadable (another key, an older format): the user signs in again.
    throw new JourneyError('SESSION_EXPIRED');
  }
}

/** Answers `code` and lets the user try the step again with a fresh token; nothing is counted. */
async function retryStep(ctx: StepContext, code: JourneyErrorCode): Promise<Result> {
  const session = await commitStep(ctx, {});
  const screen = await screenFor(ctx.deps, ctx.env, ctx.app, session);
  return failure(code, { token: screen.token });
}

async function afterAuthentication(
  ctx: StepContext,
  result: AuthResult,
  /** The per-account budget key of the sign-in (see submitCredentials). */
  attemptRef: string,
): Promise<Result> {
  const { deps } = ctx;
  if (result.kind === 'error') {
    if (!result.retryable)
      return endWithError(
        ctx,
        result.code === 'ACCOUNT_LOCKED' ? 'ACCOUNT_LOCKED' : 'OEM_UNAVAILABLE',
      );
    if (result.code === 'OEM_UNAVAILABLE') {
      // The user did nothing wrong: offer a retry without counting an attempt.
      return retryStep(ctx, 'OEM_UNAVAILABLE');
    }
    const mfa = ctx.session.step === 'mfa';
    const outcome = apply(ctx, { type: mfa ? 'mfa_failed' : 'login_failed' });
    const patch = {
      loginFailures: outcome.state.loginFailures,
      mfaFailures: outcome.state.mfaFailures,
    };
    await recordJourneyEvent(deps.db, ctx.t, {
      sessionId: ctx.session.id,
      type: 'login_failed',
      step: ctx.session.step,
      accountRef: attemptRef,
      customerId: ctx.session.customerId,
      clientRef: clientRefOf(ctx),
      at: deps.now,
    });
    if (outcome.exhausted) return endWithError(ctx, 'TOO_MANY_ATTEMPTS', patch);
    const session = await commitStep(ctx, patch);
    const screen = await screenFor(deps, ctx.env, ctx.app, session);
    const attemptsLeft = mfa
      ? MAX_MFA_FAILURES - session.mfaFailures
      : MAX_LOGIN_FAILURES - session.loginFailures;
    return failure(mfa ? 'INVALID_MFA_CODE' : 'INVALID_CREDENTIALS', {
      token: screen.token,
      attemptsLeft,
    });
  }

  const accountRef = accountRefOf(
    ctx,
    result.kind === 'mfa_required' ? result.accountId : result.session.accountId,
  );
  if (
    ctx.session.mode === 'reconnect' &&
    ctx.session.accountRef &&
    ctx.session.accountRef !== accountRef
  ) {
    // Reconnection must refresh the same OEM account; never attach another one silently. Checked
    // before MFA too: the MFA step records the account it signs in, so a later check would pass.
    return retryStep(ctx, 'ACCOUNT_MISMATCH');
  }

  if (result.kind === 'mfa_required') {
    const { state } = apply(ctx, { type: 'login_succeeded', mfaRequired: true });
    return advance(
      ctx,
      {
        step: state.step,
        accountRef,
        oemSession: encryptSecret(
          JSON.stringify({ challenge: result.challenge, attemptRef }),
          deps.config.appSecret,
          ctx.session.id,
        ),
      },
      'login_succeeded',
    );
  }

  // Signed in: the account's budget of failed sign-ins starts again.
  await recordJourneyEvent(deps.db, ctx.t, {
    sessionId: ctx.session.id,
    type: 'attempts_reset',
    step: ctx.session.step,
    accountRef: attemptRef,
    at: deps.now,
  });
  const sessionSecret = encryptSecret(
    JSON.stringify(result.session),
    deps.config.appSecret,
    ctx.session.id,
  );
  const event = ctx.session.step === 'mfa' ? 'mfa_succeeded' : 'login_succeeded';
  const { state } = apply(
    ctx,
    ctx.session.step === 'mfa'
      ? { type: 'mfa_succeeded' }
      : { type: 'login_succeeded', mfaRequired: false },
  );
  if (ctx.session.mode === 'reconnect') {
    return advance(ctx, { step: state.step, accountRef, oemSession: sessionSecret }, event);
  }
  const adapter = getOemAdapter(ctx.session.oem ?? '', ctx.env);
  let devices;
  try {
    devices = adapter ? await adapter.listDevices(result.session) : [];
  } catch {
    return retryStep(ctx, 'OEM_UNAVAILABLE');
  }
  if (devices.length === 0) return endWithError(ctx, 'NO_DEVICES');
  return advance(
    ctx,
    { step: state.step, accountRef, oemSession: sessionSecret, discoveredDevices: devices },
    event,
  );
}

// ---------------------------------------------------------------- devices and consent

export function chooseDevices(deps: SessionDeps, token: unknown, input: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const { deviceIds } = parseInput(deviceSelectionSchema, input);
    const known = new Set((ctx.session.discoveredDevices ?? []).map((d) => d.oemDeviceId));
    const selected = [...new Set(deviceIds)];
    if (!selected.every((id) => known.has(id))) {
      throw new JourneyError('INVALID_INPUT', { deviceIds: 'Select devices from the list' });
    }
    const { state } = apply(ctx, { type: 'devices_chosen' });
    return advance(ctx, { step: state.step, selectedDeviceIds: selected }, 'devices_chosen');
  });
}

const oemSessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accountId: z.string(),
});

/**
 * Consent: in one transaction the session is completed (compare-and-swap on its version, so a
 * double submit registers nothing twice), the devices are registered or reconnected, and the
 * webhook outbox rows are written.
 */
export function giveConsent(deps: SessionDeps, token: unknown): Promise<Result> {
  return step(deps, token, async (ctx) => {
    const { state } = apply(ctx, { type: 'consent_given' });
    const s = ctx.session;
    if (!s.oemSession || !s.oem || !s.accountRef) throw new JourneyError('SESSION_EXPIRED');
    const oemSession: OemSession = oemSessionSchema.parse(
      JSON.parse(decryptSecret(s.oemSession, deps.config.appSecret, s.id)),
    );
    const { session, deviceIds } = await deps.db.transaction(async (tx) => {
      const completed = await commitStep(
        ctx,
        { step: state.step, status: 'completed', completedAt: deps.now, oemSession: null },
        tx,
      );
      let ids: string[];
      if (s.mode === 'reconnect') {
        ids = await reconnectDevices(tx, {
          environment: ctx.env,
          customerId: s.customerId,
          credentialId: s.credentialId ?? '',
          journeyId: s.id,
          oemSession,
          appSecret: deps.config.appSecret,
          now: deps.now,
        });
      } else {
        const selected = new Set(s.selectedDeviceIds ?? []);
        ({ deviceIds: ids } = await registerDevices(tx, {
          environment: ctx.env,
          customer: ctx.app.customer,
          appId: s.appId,
          userId: s.userId,
          journeyId: s.id,
          oem: s.oem!,
          authMethod: s.authMethod ?? 'password',
          accountRef: s.accountRef!,
          oemSession,
          devices: (s.discoveredDevices ?? []).filter((d) => selected.has(d.oemDeviceId)),
          appSecret: deps.config.appSecret,
          now: deps.now,
        }));
      }
      const [final] = await tx
        .update(ctx.t.journeySessions)
        .set({ deviceIds: ids })
        .where(eq(ctx.t.journeySessions.id, completed.id))
        .returning();
      await recordJourneyEvent(tx, ctx.t, {
        sessionId: s.id,
        type: 'completed',
        step: 'consent',
        at: deps.now,
      });
      return { session: final ?? completed, deviceIds: ids };
    });
    notifyDispatcher();
    return finishedScreen(ctx, session, {
      step: 'finished',
      outcome: 'success',
      title: 'Connected',
      message: `Your ${deviceIds.length === 1 ? 'device is' : 'devices are'} connected to ${ctx.app.appName}.`,
      redirectUrl: buildRedirectUrl(
        redirectTarget(ctx),
        successParams({
          journeyId: s.id,
          userId: s.userId,
          deviceIds,
          state: s.state,
          mode: s.mode,
        }),
      ),
    });
  });
}
