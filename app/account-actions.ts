'use server';

import { redirect } from 'next/navigation';
import { clientAddress, requestHeaders } from '@/app/dashboard/_lib/session';
import {
  acceptInvitation,
  signIn,
  signInSchema,
  signUpCompany,
  signUpSchema,
  totpSchema,
  verifySignInCode,
} from '@/lib/accounts';
import { getProcessAccounts } from '@/lib/accounts/process';
import { acceptInvitationSchema } from '@/lib/dashboard/schemas';
import type { FormState } from '@/lib/dashboard/form-state';
import { formToObject } from '@/lib/dashboard/form-state';
import { z } from 'zod';
import { isAPIError } from 'better-auth/api';
import { revalidatePath } from 'next/cache';

function invalid(error: z.ZodError): FormState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return {
    ok: false,
    code: 'VALIDATION_ERROR',
    message: 'Check the highlighted fields.',
    status: 400,
    fieldErrors,
  };
}

/** Sign-up: the company, its Owner and a sandbox app; then the dashboard. */
export async function signUpAction(_state: FormState, form: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalid(parsed.error);
  const result = await signUpCompany(
    await getProcessAccounts(),
    parsed.data,
    await requestHeaders(),
  );
  if (!result.ok) return result;
  redirect('/dashboard');
}

/** Sign-in, then the TOTP step when the member turned it on. */
export async function signInAction(_state: FormState, form: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalid(parsed.error);
  const result = await signIn(
    await getProcessAccounts(),
    parsed.data,
    await requestHeaders(),
    await clientAddress(),
  );
  if (!result.ok) return result;
  if (result.twoFactor) return { ok: true, data: { twoFactor: true } };
  redirect('/dashboard');
}

export async function verifyCodeAction(_state: FormState, form: FormData): Promise<FormState> {
  const parsed = totpSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalid(parsed.error);
  const result = await verifySignInCode(
    await getProcessAccounts(),
    parsed.data.code,
    await requestHeaders(),
    await clientAddress(),
  );
  if (!result.ok) return result;
  redirect('/dashboard');
}

export async function acceptInvitationAction(
  _state: FormState,
  form: FormData,
): Promise<FormState> {
  const parsed = acceptInvitationSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalid(parsed.error);
  const result = await acceptInvitation(
    await getProcessAccounts(),
    parsed.data,
    await requestHeaders(),
    await clientAddress(),
  );
  if (!result.ok) return result;
  redirect('/dashboard');
}

export async function signOutAction(): Promise<void> {
  const accounts = await getProcessAccounts();
  await accounts.auth.api.signOut({ headers: await requestHeaders() }).catch(() => undefined);
  redirect('/login');
}

/** Own account: starts TOTP (needs the password); the setup key and backup codes are shown once. */
export async function enableTwoFactorAction(_state: FormState, form: FormData): Promise<FormState> {
  const password = formToObject(form).password;
  if (typeof password !== 'string' || password.length === 0) {
    return invalid(
      new z.ZodError([
        { code: 'custom', path: ['password'], message: 'Enter your password', input: '' },
      ]),
    );
  }
  const accounts = await getProcessAccounts();
  try {
    const result = await accounts.auth.api.enableTwoFactor({
      body: { password },
      headers: await requestHeaders(),
    });
    if (result.method !== 'totp') {
      return {
        ok: false,
        code: 'UNSUPPORTED',
        message: 'Two-factor by app is not available.',
        status: 400,
      };
    }
    return {
      ok: true,
      data: { totpURI: result.totpURI, backupCodes: result.backupCodes.join(' ') },
    };
  } catch (error) {
    if (isAPIError(error)) {
      return {
        ok: false,
        code: 'INVALID_PASSWORD',
        message: 'That password is not right.',
        status: 400,
        fieldErrors: { password: 'That password is not right' },
      };
    }
    throw error;
  }
}

/** Own account: the first code from the authenticator turns TOTP on. */
export async function confirmTwoFactorAction(
  _state: FormState,
  form: FormData,
): Promise<FormState> {
  const parsed = totpSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalid(parsed.error);
  const accounts = await getProcessAccounts();
  try {
    await accounts.auth.api.verifyTOTP({
      body: { code: parsed.data.code },
      headers: await requestHeaders(),
    });
  } catch (error) {
    if (isAPIError(error)) {
      return {
        ok: false,
        code: 'INVALID_CODE',
        message: 'That code is not right.',
        status: 400,
        fieldErrors: { code: 'That code is not right' },
      };
    }
    throw error;
  }
  revalidatePath('/dashboard', 'layout');
  return { ok: true, message: 'Two-factor authentication is on: sign-in now asks for a code.' };
}
