import { z } from 'zod';
import { decryptSecret, encryptSecret, hmacIdentifier } from '../../crypto';
import type { AuthResult, MfaChannel } from '../../oem/adapter';
import { getOemAdapter } from '../../oem';
import { JourneyError } from '../errors';
import { findOem } from '../../oem/catalogue';
import { MAX_LOGIN_FAILURES, MAX_MFA_FAILURES } from '../machine';
import type { JourneyEventInput } from './queries';
import { countRecentFailures, findCredentialWithUser } from './queries';
import type { StepContext } from './step-context';
import type { StepOutcome } from './step-descriptor';
import { apply } from './step-descriptor';
import { accountMismatchCopy } from './copy';

/**
 * What the credentials and MFA steps share: the OEM call, the per-account budget of failed sign-ins,
 * and what a sign-in's answer does to the journey.
 */

/**
 * Failed sign-ins an OEM account may see in an hour from one customer's journeys at one client
 * address. Keyed that narrowly so that someone who knows a username cannot lock its owner out of
 * every app; a successful sign-in resets it.
 */
export const ACCOUNT_FAILURES_PER_HOUR = 100;
/** The same count from anywhere: a circuit breaker far above what one person's mistakes reach. */
export const ACCOUNT_FAILURES_CIRCUIT_BREAKER = 1000;

/**
 * A reconnection refused another account: name the one expected, masked ("u•••d"), as kept with the
 * credential's encrypted tokens (the account identifier itself is never stored in the clear).
 */
async function expectedAccountMessage(ctx: StepContext): Promise<string | undefined> {
  const { session, deps, env } = ctx;
  const oemName = session.oem ? findOem(session.oem)?.name : undefined;
  if (!session.credentialId || !oemName) return undefined;
  const found = await findCredentialWithUser(deps.db, env, session.credentialId);
  if (!found) return undefined;
  let hint: unknown;
  try {
    const stored: unknown = JSON.parse(
      decryptSecret(found.credential.secret, deps.config.appSecret, found.credential.id),
    );
    hint = (stored as { accountHint?: unknown } | null)?.accountHint;
  } catch {
    return undefined;
  }
  if (typeof hint !== 'string') return undefined;
  return accountMismatchCopy(session.language, oemName, hint);
}

/** The OEM account behind a successful sign-in, as a keyed hash (one credential per account). */
function accountRefOf(ctx: StepContext, accountId: string): string {
  return `${ctx.session.oem}:${hmacIdentifier(accountId, ctx.deps.config.appSecret, 'oem-account')}`;
}

/** The budget key of a sign-in attempt: the OEM and a keyed hash of the account identifier. */
export function attemptRefOf(ctx: StepContext, accountIdentifier: string): string {
  return `${ctx.session.oem}:${hmacIdentifier(accountIdentifier, ctx.deps.config.appSecret, 'oem-attempt')}`;
}

/** The OEM adapter of the session's OEM; SESSION_EXPIRED when there is none. */
export function adapterOf(ctx: StepContext) {
  const adapter = ctx.session.oem ? getOemAdapter(ctx.session.oem, ctx.env) : undefined;
  if (!adapter) throw new JourneyError('SESSION_EXPIRED');
  return adapter;
}

export async function callOem(run: () => Promise<AuthResult>): Promise<AuthResult> {
  try {
    return await run();
  } catch {
    return { kind: 'error', code: 'OEM_UNAVAILABLE', retryable: true };
  }
}

/** The client address of this request as a keyed hash (the address itself is never stored). */
export function clientRefOf(ctx: StepContext): string {
  const { deps } = ctx;
  return hmacIdentifier(deps.clientAddress ?? 'unknown', deps.config.appSecret, 'client-address');
}

/** Whether the OEM account's budget of failed sign-ins (see ACCOUNT_FAILURES_PER_HOUR) is spent. */
export async function signInBudgetSpent(ctx: StepContext, attemptRef: string): Promise<boolean> {
  const failures = await countRecentFailures(ctx.deps.db, ctx.env, {
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
const pendingMfaSchema = z.object({
  challenge: z.string(),
  attemptRef: z.string(),
  /** Where the OEM sent the code, as the OEM masked it. */
  channel: z.object({ kind: z.enum(['sms', 'email']), hint: z.string().max(64) }).optional(),
  /** Reconnection: the expected account, masked, for ACCOUNT_MISMATCH after the code. */
  accountHint: z.string().optional(),
});
export type PendingMfa = z.infer<typeof pendingMfaSchema>;

/** Encrypts what the session keeps while it waits for an MFA code. */
export function sealPendingMfa(ctx: StepContext, pending: PendingMfa): string {
  return encryptSecret(JSON.stringify(pending), ctx.deps.config.appSecret, ctx.session.id);
}

/** Where the pending MFA code went, for the MFA screen; null when unknown or unreadable. */
export function pendingMfaChannel(
  session: { id: string; oemSession: string | null },
  appSecret: string,
): MfaChannel | null {
  if (!session.oemSession) return null;
  try {
    const plain = decryptSecret(session.oemSession, appSecret, session.id);
    return pendingMfaSchema.parse(JSON.parse(plain)).channel ?? null;
  } catch {
    return null;
  }
}

/** "your phone ending 42" / "j•••@example.com": the channel as the MFA screen names it. */
export function readPendingMfa(ctx: StepContext): z.infer<typeof pendingMfaSchema> {
  const { session, deps } = ctx;
  try {
    const plain = decryptSecret(session.oemSession ?? '', deps.config.appSecret, session.id);
    return pendingMfaSchema.parse(JSON.parse(plain));
  } catch {
    // Unreadable (another key, an older format): the user signs in again.
    throw new JourneyError('SESSION_EXPIRED');
  }
}

/** What a sign-in's answer does: a retry, the next step, or the end of the journey. */
export async function afterAuthentication(
  ctx: StepContext,
  result: AuthResult,
  /** The per-account budget key of the sign-in (see attemptRefOf). */
  attemptRef: string,
  /**
   * The account as its owner may be reminded of it ("u•••d", see maskAccount): kept, encrypted, with
   * the maker's tokens, so a reconnection can name the account it expects.
   */
  accountHint?: string,
): Promise<StepOutcome> {
  const { deps, session } = ctx;
  const mfa = session.step === 'mfa';
  if (result.kind === 'error') {
    if (!result.retryable) {
      return {
        kind: 'failed',
        code: result.code === 'ACCOUNT_LOCKED' ? 'ACCOUNT_LOCKED' : 'OEM_UNAVAILABLE',
      };
    }
    // The user did nothing wrong: offer a retry without counting an attempt.
    if (result.code === 'OEM_UNAVAILABLE') return { kind: 'retry', code: 'OEM_UNAVAILABLE' };
    const { state, exhausted } = apply(ctx, { type: mfa ? 'mfa_failed' : 'login_failed' });
    const patch = { loginFailures: state.loginFailures, mfaFailures: state.mfaFailures };
    const recorded: JourneyEventInput[] = [
      {
        sessionId: session.id,
        type: 'login_failed',
        step: session.step,
        accountRef: attemptRef,
        customerId: session.customerId,
        clientRef: clientRefOf(ctx),
        at: deps.now,
      },
    ];
    if (exhausted) return { kind: 'failed', code: 'TOO_MANY_ATTEMPTS', patch, recorded };
    return {
      kind: 'retry',
      code: mfa ? 'INVALID_MFA_CODE' : 'INVALID_CREDENTIALS',
      patch,
      attemptsLeft: mfa
        ? MAX_MFA_FAILURES - state.mfaFailures
        : MAX_LOGIN_FAILURES - state.loginFailures,
      recorded,
    };
  }

  const accountRef = accountRefOf(
    ctx,
    result.kind === 'mfa_required' ? result.accountId : result.session.accountId,
  );
  if (session.mode === 'reconnect' && session.accountRef && session.accountRef !== accountRef) {
    // Reconnection must refresh the same OEM account; never attach another one silently. Checked
    // before MFA too: the MFA step records the account it signs in, so a later check would pass.
    return {
      kind: 'retry',
      code: 'ACCOUNT_MISMATCH',
      message: await expectedAccountMessage(ctx),
    };
  }

  if (result.kind === 'mfa_required') {
    const { state } = apply(ctx, { type: 'login_succeeded', mfaRequired: true });
    return {
      kind: 'next',
      patch: {
        step: state.step,
        accountRef,
        oemSession: sealPendingMfa(ctx, {
          challenge: result.challenge,
          attemptRef,
          channel: result.channel,
          accountHint,
        }),
        mfaSentAt: deps.now,
      },
      event: { type: 'login_succeeded' },
    };
  }

  // Signed in: the account's budget of failed sign-ins starts again.
  const recorded: JourneyEventInput[] = [
    {
      sessionId: session.id,
      type: 'attempts_reset',
      step: session.step,
      accountRef: attemptRef,
      at: deps.now,
    },
  ];
  const oemSession = encryptSecret(
    JSON.stringify({ ...result.session, accountHint }),
    deps.config.appSecret,
    session.id,
  );
  const event = { type: mfa ? 'mfa_succeeded' : 'login_succeeded' };
  const { state } = apply(
    ctx,
    mfa ? { type: 'mfa_succeeded' } : { type: 'login_succeeded', mfaRequired: false },
  );
  if (session.mode === 'reconnect') {
    return { kind: 'next', patch: { step: state.step, accountRef, oemSession }, event, recorded };
  }
  let devices;
  try {
    devices = await adapterOf(ctx).listDevices(result.session);
  } catch {
    return { kind: 'retry', code: 'OEM_UNAVAILABLE', recorded };
  }
  if (devices.length === 0) return { kind: 'failed', code: 'NO_DEVICES', recorded };
  return {
    kind: 'next',
    patch: { step: state.step, accountRef, oemSession, discoveredDevices: devices },
    event,
    recorded,
  };
}
