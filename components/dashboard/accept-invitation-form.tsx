'use client';

import { acceptInvitationAction } from '@/app/account-actions';
import { acceptInvitationSchema } from '@/lib/dashboard/schemas';
import { FormMessage, Input, SubmitButton, useActionForm } from './form-kit';

export function AcceptInvitationForm({
  invitationId,
  hasAccount,
}: {
  invitationId: string;
  hasAccount: boolean;
}) {
  const { form, state, formAction, pending, formRef, onSubmit, errorOf } = useActionForm(
    acceptInvitationSchema,
    acceptInvitationAction,
    {
      invitationId,
    },
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
      <input type="hidden" value={invitationId} {...form.register('invitationId')} />
      <Input
        name="password"
        label="Password"
        type="password"
        autoComplete={hasAccount ? 'current-password' : 'new-password'}
        hint={
          hasAccount
            ? 'The password of your existing account.'
            : 'Choose a password: at least 10 characters.'
        }
        register={form.register}
        error={errorOf('password')}
        required
      />
      <SubmitButton pending={pending} pendingLabel="Joining…">
        Accept invitation
      </SubmitButton>
    </form>
  );
}
