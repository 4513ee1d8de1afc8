import type { z } from 'zod';
import type { JourneySession } from '../../db/schema';
import { notifyDispatcher } from '../../webhooks';
import type { JourneyEndCode, StepFailureCode } from '../errors';
import type { ErrorSubject } from '../errors';
import { JourneyError } from '../errors';
import type { Language } from '../../vocabulary';
import { DEFAULT_LANGUAGE } from '../../vocabulary';
import {
  attemptsNote,
  endHelpLabel,
  errorCopy,
  journeyT,
  retryCopy,
  translateFieldErrors,
} from './copy';
import { findOem } from '../../oem/catalogue';
import type { FunnelEventRow } from '../funnel';
import { funnelEventsOf } from '../funnel';
import { buildRedirectUrl, cancelParams, errorParams, successParams } from '../redirect';
import type { StepResult, StepView } from '../views';
import { nextScreen, signNextToken } from './next-screen';
import { endUserIdFor } from '../../devices/register';
import type { JourneyEventInput, SessionPatch, StepChanges, SwappedSession } from './queries';
import { insertJourneyEvents, setSessionDeviceIds, swapStep } from './queries';
import type { JourneyDeps, StepContext } from './step-context';
import { loadStep } from './step-context';
import type { StepDescriptor, StepEvent, StepOutcome } from './step-descriptor';
import { isStepName, STEP_TABLE } from './step-table';

type Failure = Extract<StepResult, { ok: false }>;

/**
 * Runs one step of a journey: verifies the step token and loads its session, refuses a step the
 * session is not at, parses the input with the step's schema, lets the step decide, writes what it
 * decided (compare-and-swap on the session's version, its events and counters: one statement, or
 * one transaction), signs the next token and renders the next screen. Every refusal is a code of
 * the step-failure union with its message; anything else is the caller's to log.
 */
export async function runStep(
  deps: JourneyDeps,
  token: unknown,
  name: unknown,
  input?: unknown,
): Promise<StepResult> {
  // The journey's own language once its session is known; the request's before that.
  let language: Language = deps.language ?? DEFAULT_LANGUAGE;
  try {
    const ctx = await loadStep(deps, token);
    language = ctx.session.language;
    if (!isStepName(name)) throw new JourneyError('NOT_ALLOWED');
    const step: StepDescriptor = STEP_TABLE[name];
    if (step.allowed && !step.allowed(ctx)) throw new JourneyError('NOT_ALLOWED');
    const parsed = parseInput(step.inputFor?.(ctx) ?? step.input, input);
    return await settle(ctx, await step.handle(ctx, parsed));
  } catch (error) {
    if (error instanceof JourneyError)
      return failure(language, error.code, { fieldErrors: error.fieldErrors });
    throw error;
  }
}

/** A refusal worded in the person's language: its message, the fields at fault, what is left. */
function failure(
  language: Language,
  code: StepFailureCode,
  extra: { token?: string; attemptsLeft?: number; fieldErrors?: Record<string, string> } = {},
  subject: ErrorSubject = {},
): Failure {
  const result: Failure = { ok: false, code, message: retryCopy(language, code, subject) };
  if (extra.token) result.token = extra.token;
  if (extra.attemptsLeft !== undefined) {
    result.attemptsLeft = extra.attemptsLeft;
    if ((code === 'INVALID_CREDENTIALS' || code === 'INVALID_MFA_CODE') && extra.attemptsLeft > 0)
      result.attemptsNote = attemptsNote(language, extra.attemptsLeft);
  }
  if (extra.fieldErrors) result.fieldErrors = translateFieldErrors(language, extra.fieldErrors);
  return result;
}

/** The first message per field (`form` for the input as a whole). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
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

/** Writes a step's outcome and answers it. */
async function settle(ctx: StepContext, outcome: StepOutcome): Promise<StepResult> {
  const { deps, env, app, session: before } = ctx;
  const now = deps.now;
  const language = before.language;
  const t = journeyT(language);
  const appName = app.appName;
  const recorded = outcome.recorded ?? [];
  switch (outcome.kind) {
    case 'refuse':
      if (recorded.length) await insertJourneyEvents(deps.db, env, recorded);
      return failure(language, outcome.code, { token: ctx.token }, subjectOf(ctx));
    case 'next': {
      const to = changesOf(before, outcome.patch);
      const { session, connectedOemDeviceIds } = await write(
        ctx,
        outcome.patch,
        outcome.event ? [outcome.event] : [],
        recorded,
        funnelEventsOf(before.step, to.oem, { kind: 'next', to: to.step }),
      );
      return {
        ok: true,
        data: await nextScreen(deps, env, app, session, { connectedOemDeviceIds }),
      };
    }
    case 'retry': {
      const { session } = await write(
        ctx,
        outcome.patch ?? {},
        [],
        recorded,
        funnelEventsOf(before.step, before.oem, { kind: 'retry', code: outcome.code }),
      );
      const refused = failure(
        language,
        outcome.code,
        { token: await signNextToken(deps, env, session), attemptsLeft: outcome.attemptsLeft },
        subjectOf(ctx),
      );
      if (outcome.message) refused.message = outcome.message;
      return refused;
    }
    case 'cancelled': {
      const { session } = await write(
        ctx,
        { status: 'cancelled', completedAt: now },
        [{ type: 'cancelled' }],
        recorded,
        funnelEventsOf(before.step, before.oem, { kind: 'cancelled' }),
      );
      return finished(session, {
        step: 'finished',
        outcome: 'cancelled',
        title: t('journey.finished.cancelled'),
        message: t('journey.finished.returning', { appName }),
        appName,
        returnLabel: t('journey.actions.returnTo', { appName }),
        help: null,
        redirectUrl: buildRedirectUrl(redirectTarget(ctx), {
          ...cancelParams(before.step, session),
          ...(outcome.reason ? { reason: outcome.reason } : {}),
        }),
      });
    }
    case 'failed':
      return endWithError(ctx, outcome.code, outcome.patch ?? {}, recorded);
    case 'completed': {
      const { session } = await write(
        ctx,
        { ...outcome.patch, status: 'completed', completedAt: now },
        [{ type: 'completed' }],
        recorded,
        funnelEventsOf(before.step, before.oem, { kind: 'completed' }),
        outcome,
      );
      const deviceIds = session.deviceIds ?? [];
      notifyDispatcher();
      return finished(session, {
        step: 'finished',
        outcome: 'success',
        title: t(
          before.mode === 'reconnect'
            ? 'journey.finished.reconnected'
            : 'journey.finished.connected',
          { count: deviceIds.length },
        ),
        message: t('journey.finished.connectedMessage', { count: deviceIds.length, appName }),
        appName,
        returnLabel: t('journey.actions.returnTo', { appName }),
        help: null,
        redirectUrl: buildRedirectUrl(
          redirectTarget(ctx),
          successParams({
            journeyId: before.id,
            userId: before.userId,
            deviceIds,
            state: before.state,
            mode: before.mode,
          }),
        ),
      });
    }
  }
}

/** Ends the journey with an error: the user sees why, then returns to the app with `status=error`. */
async function endWithError(
  ctx: StepContext,
  code: JourneyEndCode,
  patch: SessionPatch,
  recorded: JourneyEventInput[],
): Promise<StepResult> {
  const { session } = await write(
    ctx,
    { ...patch, status: 'failed', errorCode: code, completedAt: ctx.deps.now },
    [{ type: 'failed', details: { code } }],
    recorded,
    funnelEventsOf(ctx.session.step, ctx.session.oem, { kind: 'failed', code }),
  );
  const subject = subjectOf(ctx);
  const oem = ctx.session.oem ? findOem(ctx.session.oem) : undefined;
  const language = ctx.session.language;
  const copy = errorCopy(language, code, subject);
  const appName = ctx.app.appName;
  return finished(session, {
    step: 'finished',
    outcome: 'error',
    ...copy,
    appName,
    returnLabel: journeyT(language)('journey.actions.returnTo', { appName }),
    help:
      oem && (code === 'ACCOUNT_LOCKED' || code === 'TOO_MANY_ATTEMPTS')
        ? { label: endHelpLabel(language, code, oem.name), href: oem.accountHelpUrl }
        : null,
    redirectUrl: buildRedirectUrl(redirectTarget(ctx), errorParams(code, session)),
  });
}

/**
 * The step's writes: the compare-and-swap with its events and counters in one statement. A completion
 * runs it in a transaction, recording the device ids it expects, and then registers the devices (a
 * second statement; a third only when the registration answers other ids). SESSION_EXPIRED when
 * another request moved the session first: nothing of the step is written but what the OEM saw
 * (`recorded`).
 */
async function write(
  ctx: StepContext,
  patch: SessionPatch,
  events: StepEvent[],
  recorded: JourneyEventInput[],
  funnel: FunnelEventRow[],
  completion?: Pick<Completed, 'deviceIds' | 'register'>,
): Promise<SwappedSession> {
  const { deps, env, session: before } = ctx;
  const changes = changesOf(before, patch);
  const swap = {
    sessionId: before.id,
    version: before.version,
    changes,
    now: deps.now,
    events: events.map((e) => ({ ...e, sessionId: before.id, step: before.step, at: deps.now })),
    recorded,
    funnel,
    // The device selection marks the devices this user has connected already.
    ...(changes.step === 'devices' && changes.status === 'active'
      ? { endUserId: endUserIdFor(env, before.customerId, before.userId) }
      : {}),
  };
  let swapped: SwappedSession | undefined;
  if (!completion) {
    swapped = await swapStep(deps.db, env, swap);
  } else {
    const expected = completion.deviceIds ?? null;
    swapped = await deps.db.transaction(async (tx) => {
      // The swap first: a double submit waits here for the first one and then loses.
      const done = await swapStep(tx, env, {
        ...swap,
        changes: { ...changes, deviceIds: expected },
      });
      if (!done) return undefined;
      const deviceIds = await completion.register(tx);
      if (sameIds(deviceIds, expected)) return done;
      const session = await setSessionDeviceIds(tx, env, before.id, deviceIds);
      return { session: session ?? { ...done.session, deviceIds } };
    });
  }
  if (!swapped) throw new JourneyError('SESSION_EXPIRED');
  return swapped;
}

type Completed = Extract<StepOutcome, { kind: 'completed' }>;

function sameIds(a: readonly string[], b: readonly string[] | null): boolean {
  return b !== null && a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The session's step-changeable columns after `patch`. */
function changesOf(session: JourneySession, patch: SessionPatch): StepChanges {
  const next = { ...session, ...patch };
  return {
    step: next.step,
    status: next.status,
    deviceType: next.deviceType,
    oem: next.oem,
    authMethod: next.authMethod,
    accountRef: next.accountRef,
    oemSession: next.oemSession,
    discoveredDevices: next.discoveredDevices,
    selectedDeviceIds: next.selectedDeviceIds,
    loginFailures: next.loginFailures,
    mfaFailures: next.mfaFailures,
    mfaResends: next.mfaResends,
    mfaSentAt: next.mfaSentAt,
    errorCode: next.errorCode,
    completedAt: next.completedAt,
    deviceIds: next.deviceIds,
  };
}

/** The maker (once chosen) and the app, to name them in what a person reads. */
function subjectOf(ctx: StepContext): ErrorSubject {
  const oem = ctx.session.oem ? findOem(ctx.session.oem) : undefined;
  return { oemName: oem?.name ?? null, appName: ctx.app.appName };
}

function redirectTarget(ctx: StepContext): string {
  return ctx.session.mode === 'reconnect' ? ctx.app.reconnectRedirectUrl : ctx.app.redirectUrl;
}

function finished(session: JourneySession, view: StepView): StepResult {
  return {
    ok: true,
    data: {
      token: '',
      mode: session.mode,
      view,
      canGoBack: false,
      progress: null,
    },
  };
}
