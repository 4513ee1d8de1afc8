'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { StepView } from '@/lib/journey/views';
import { mfaSchema } from '@/lib/journey/schemas';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { StepFailure } from '../step-failure';
import { FailureAlert } from '../failure-alert';
import { StepHeading } from '../step-heading';
import type { StepResult } from '@/lib/journey/views';

export interface MfaStepProps {
  view: Extract<StepView, { step: 'mfa' }>;
  pending: boolean;
  failure: StepFailure | null;
  onSubmit(values: { code: string }): Promise<StepResult | undefined>;
  /** Resend code: the OEM sends a new code (throttled by the server). */
  onResend?(): Promise<StepResult | undefined>;
}

export function MfaStep({ view, pending, failure, onSubmit, onResend }: MfaStepProps) {
  const hydrated = useHydrated();
  const form = useForm({ resolver: zodResolver(mfaSchema), defaultValues: { code: '' } });
  const [resent, setResent] = useState(false);
  const resend = async () => {
    setResent(false);
    const result = await onResend?.();
    if (result?.ok) {
      form.resetField('code');
      setResent(true);
    }
  };
  const submit = form.handleSubmit(async (values) => {
    const result = await onSubmit(values);
    if (result && !result.ok) form.resetField('code');
  });
  return (
    <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
      <StepHeading>Enter your verification code</StepHeading>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {view.oemName} sent a 6-digit code to {view.sentTo ?? 'your phone or email'}.
      </p>
      {resent && !failure ? <Alert tone="info">A new code is on its way.</Alert> : null}
      <FailureAlert failure={failure}>
        {failure?.message}
        {failure?.code === 'INVALID_MFA_CODE' && view.attemptsLeft > 0
          ? ` ${view.attemptsLeft} ${view.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`
          : ''}
      </FailureAlert>
      <TextField
        label="Verification code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        error={form.formState.errors.code?.message ?? failure?.fieldErrors?.code}
        {...form.register('code')}
      />
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        Continue
      </Button>
      {onResend && (view.resendsLeft ?? 0) > 0 ? (
        <Button variant="secondary" onClick={() => void resend()} disabled={pending}>
          Resend code
        </Button>
      ) : null}
    </form>
  );
}
