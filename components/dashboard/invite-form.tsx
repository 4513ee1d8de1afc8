'use client';

import { inviteMemberAction } from '@/app/dashboard/actions';
import { inviteSchema } from '@/lib/dashboard/schemas';
import { Choice, FormMessage, Input, SecretField, SubmitButton, useActionForm } from './form-kit';

const ROLE_OPTIONS = [
  { value: 'admin', label: 'Admin' },
  { value: 'developer', label: 'Developer' },
  { value: 'viewer', label: 'Viewer' },
];

/** Invite member → Email, role → Send invite; the link is shown to copy (and mailed when SMTP is set). */
export function InviteForm() {
  const { form, state, formAction, pending, onSubmit, errorOf } = useActionForm(
    inviteSchema,
    inviteMemberAction,
    {
      email: '',
      role: 'developer',
    },
  );
  const link = state?.ok ? state.data?.inviteLink : undefined;
  return (
    <div className="flex flex-col gap-4">
      {typeof link === 'string' ? (
        <SecretField
          label="Invite link"
          value={link}
          note="Send it to the person you invited. It works once and for 7 days."
        />
      ) : null}
      <form
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        aria-label="Invite member"
        className="flex flex-col gap-4"
      >
        <FormMessage state={state && !state.ok ? state : null} />
        <Input
          name="email"
          label="Email"
          type="email"
          autoComplete="off"
          register={form.register}
          error={errorOf('email')}
          required
        />
        <Choice
          name="role"
          legend="Role"
          options={ROLE_OPTIONS}
          register={form.register}
          defaultValue="developer"
          error={errorOf('role')}
        />
        <div>
          <SubmitButton pending={pending} pendingLabel="Inviting…">
            Send invite
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
