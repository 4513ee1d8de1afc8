import type { AuthInput } from '../../../oem/adapter';
import { accountIdentifier } from '../../../oem';
import {
  apiKeyCredentialsSchema,
  credentialsSchema,
  passwordCredentialsSchema,
} from '../../schemas';
import { defineStep } from '../step-descriptor';
import {
  adapterOf,
  afterAuthentication,
  attemptRefOf,
  callOem,
  signInBudgetSpent,
} from '../sign-in';
import { maskAccount } from '../../mask-account';

/** Credentials: a username and password, or an API key, as the sign-in method asks. */
export const submitCredentials = defineStep({
  name: 'submitCredentials',
  input: credentialsSchema,
  inputFor: (ctx) =>
    ctx.state.authMethod === 'api_key' ? apiKeyCredentialsSchema : passwordCredentialsSchema,
  allowed: (ctx) => ctx.session.step === 'credentials',
  async handle(ctx, credentials) {
    const auth: AuthInput =
      'apiKey' in credentials
        ? { method: 'api_key', ...credentials }
        : { method: 'password', ...credentials };
    const adapter = adapterOf(ctx);
    // Failed sign-ins are budgeted per OEM account across journeys (keyed hash, never the value).
    const attemptRef = attemptRefOf(ctx, accountIdentifier(auth));
    if (await signInBudgetSpent(ctx, attemptRef)) {
      return { kind: 'refuse', code: 'ACCOUNT_RATE_LIMITED' };
    }
    const result = await callOem(() => adapter.authenticate(auth));
    const hint = auth.method === 'password' ? maskAccount(auth.username) : undefined;
    return afterAuthentication(ctx, result, attemptRef, hint);
  },
});
