import type { MfaResendResult } from '../../../oem/adapter';
import { noInputSchema } from '../../schemas';
import type { JourneyEventInput } from '../queries';
import { defineStep } from '../step-descriptor';
import {
  adapterOf,
  clientRefOf,
  readPendingMfa,
  sealPendingMfa,
  signInBudgetSpent,
} from '../sign-in';

/** A new code at most every 30 seconds… */
export const MFA_RESEND_INTERVAL_MS = 30_000;
/** …and at most 3 more codes per journey. */
export const MAX_MFA_RESENDS = 3;

/**
 * Resend code, on the MFA step. Bounded like the codes themselves: throttled per journey, capped per
 * journey, refused when the OEM account's budget of failed sign-ins is spent, and it never resets the
 * count of wrong codes (5 wrong codes end the journey however many codes were sent).
 */
export const resendMfa = defineStep({
  name: 'resendMfa',
  input: noInputSchema,
  allowed: (ctx) =>
    ctx.session.step === 'mfa' && ctx.session.oemSession !== null && ctx.session.oem !== null,
  async handle(ctx) {
    const { session, deps } = ctx;
    if (session.mfaResends >= MAX_MFA_RESENDS) return { kind: 'refuse', code: 'MFA_RESEND_LIMIT' };
    const lastSent = session.mfaSentAt ?? session.updatedAt;
    if (deps.now.getTime() - lastSent.getTime() < MFA_RESEND_INTERVAL_MS) {
      return { kind: 'refuse', code: 'MFA_RESEND_TOO_SOON' };
    }
    const pending = readPendingMfa(ctx);
    if (await signInBudgetSpent(ctx, pending.attemptRef)) {
      return { kind: 'refuse', code: 'ACCOUNT_RATE_LIMITED' };
    }
    let result: MfaResendResult;
    try {
      result = await adapterOf(ctx).resendMfa(pending.challenge);
    } catch {
      result = { kind: 'error', code: 'OEM_UNAVAILABLE', retryable: true };
    }
    if (result.kind === 'error') {
      return result.retryable
        ? { kind: 'retry', code: 'OEM_UNAVAILABLE' }
        : { kind: 'failed', code: 'OEM_UNAVAILABLE' };
    }
    const recorded: JourneyEventInput[] = [
      {
        sessionId: session.id,
        type: 'mfa_resent',
        step: session.step,
        accountRef: pending.attemptRef,
        customerId: session.customerId,
        clientRef: clientRefOf(ctx),
        at: deps.now,
      },
    ];
    return {
      kind: 'next',
      patch: {
        step: 'mfa',
        oemSession: sealPendingMfa(ctx, {
          challenge: result.challenge,
          attemptRef: pending.attemptRef,
          channel: result.channel ?? pending.channel,
        }),
        mfaResends: session.mfaResends + 1,
        mfaSentAt: deps.now,
      },
      recorded,
    };
  },
});
