import { mfaSchema } from '../../schemas';
import { defineStep } from '../step-descriptor';
import {
  adapterOf,
  afterAuthentication,
  callOem,
  readPendingMfa,
  signInBudgetSpent,
} from '../sign-in';

/** MFA: the code the OEM sent; wrong codes count like wrong passwords. */
export const submitMfa = defineStep({
  name: 'submitMfa',
  input: mfaSchema,
  allowed: (ctx) =>
    ctx.session.step === 'mfa' && ctx.session.oemSession !== null && ctx.session.oem !== null,
  async handle(ctx, { code }) {
    const adapter = adapterOf(ctx);
    const pending = readPendingMfa(ctx);
    // Wrong codes draw on the same per-account budget as wrong passwords: otherwise someone who
    // knows the password could guess codes 5 at a time in as many journeys as they like.
    if (await signInBudgetSpent(ctx, pending.attemptRef)) {
      return { kind: 'refuse', code: 'ACCOUNT_RATE_LIMITED' };
    }
    const result = await callOem(() => adapter.verifyMfa(pending.challenge, code));
    return afterAuthentication(ctx, result, pending.attemptRef, pending.accountHint);
  },
});
