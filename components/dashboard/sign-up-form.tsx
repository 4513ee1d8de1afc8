'use client';

import { signUpAction } from '@/app/account-actions';
import { signUpSchema } from '@/lib/accounts/schemas';
import { FormMessage, Input, SubmitButton, useActionForm } from './form-kit';

export function SignUpForm() {
  const { form, state, formAction, pending, formRef, onSubmit, errorOf } = useActionForm(
    signUpSchema,
    signUpAction,
  );
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
        name="companyName"
        label="Company name"
        autoComplete="organization"
        register={form.register}
        error={errorOf('companyName')}
        required
      />
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
        autoComplete="new-password"
        hint="At least 10 characters."
        register={form.register}
        error={errorOf('password')}
        required
      />
      <SubmitButton pending={pending} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
