'use client';

import { signInAction, verifyCodeAction } from '@/app/account-actions';
import { signInSchema, totpSchema } from '@/lib/accounts/schemas';
import { FormMessage, Input, SubmitButton, useActionForm } from './form-kit';

export function SignInForm() {
  const { form, state, formAction, pending, formRef, onSubmit, errorOf } = useActionForm(
    signInSchema,
    signInAction,
  );
  if (state?.ok && state.data?.twoFactor) return <CodeForm />;
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      <FormMessage state={state} />
      <Input
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        register={form.register}
        error={errorOf('email')}
        required
      />
      <Input
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        register={form.register}
        error={errorOf('password')}
        required
      />
      <SubmitButton pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}

function CodeForm() {
  const { form, state, formAction, pending, formRef, onSubmit, errorOf } = useActionForm(
    totpSchema,
    verifyCodeAction,
  );
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      <p className="text-slate-700">Enter the 6-digit code from your authenticator app.</p>
      <FormMessage state={state} />
      <Input
        name="code"
        label="Verification code"
        autoComplete="one-time-code"
        register={form.register}
        error={errorOf('code')}
        required
      />
      <SubmitButton pending={pending} pendingLabel="Checking…">
        Verify
      </SubmitButton>
    </form>
  );
}
