'use client';

import { confirmTwoFactorAction, enableTwoFactorAction } from '@/app/account-actions';
import { totpSchema } from '@/lib/accounts/schemas';
import { FormMessage, Input, SecretField, SubmitButton, useActionForm } from './form-kit';
import { z } from 'zod';

const passwordSchema = z.object({ password: z.string().min(1, 'Enter your password') });

/** Turn on TOTP for one's own account: password → setup key and backup codes (once) → first code. */
export function TwoFactorForm() {
  const start = useActionForm(passwordSchema, enableTwoFactorAction, { password: '' });
  const setup = start.state?.ok ? start.state.data : undefined;
  if (setup && typeof setup.totpURI === 'string') {
    return <ConfirmCode totpURI={setup.totpURI} backupCodes={String(setup.backupCodes ?? '')} />;
  }
  return (
    <form
      action={start.formAction}
      onSubmit={start.onSubmit}
      noValidate
      aria-label="Turn on two-factor"
      className="flex flex-col gap-4"
    >
      <FormMessage state={start.state} />
      <Input
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        register={start.form.register}
        error={start.errorOf('password')}
        required
      />
      <div>
        <SubmitButton pending={start.pending}>Turn on two-factor</SubmitButton>
      </div>
    </form>
  );
}

/** The base32 secret inside an otpauth:// link, for apps where it is typed in. */
function setupKey(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get('secret') ?? '';
  } catch {
    return '';
  }
}

function ConfirmCode({ totpURI, backupCodes }: { totpURI: string; backupCodes: string }) {
  const confirm = useActionForm(totpSchema, confirmTwoFactorAction, { code: '' });
  if (confirm.state?.ok) return <FormMessage state={confirm.state} />;
  return (
    <div className="flex flex-col gap-4">
      <SecretField
        label="Setup key"
        value={setupKey(totpURI)}
        note="Type it into your authenticator app (time-based, 6 digits). Shown once."
      />
      <SecretField
        label="Authenticator setup link"
        value={totpURI}
        note="Or paste this link into an app that accepts one. Shown once."
      />
      <SecretField
        label="Backup codes"
        value={backupCodes}
        note="Each code signs you in once if you lose your authenticator. Store them now."
      />
      <form
        action={confirm.formAction}
        onSubmit={confirm.onSubmit}
        noValidate
        aria-label="Confirm two-factor"
        className="flex flex-col gap-4"
      >
        <FormMessage state={confirm.state} />
        <Input
          name="code"
          label="Verification code"
          autoComplete="one-time-code"
          register={confirm.form.register}
          error={confirm.errorOf('code')}
          required
        />
        <div>
          <SubmitButton pending={confirm.pending}>Confirm</SubmitButton>
        </div>
      </form>
    </div>
  );
}
