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
import type { z } from 'zod';

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
