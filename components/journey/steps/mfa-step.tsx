'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { JourneyWords, StepView } from '@/lib/journey/views';
import { localized } from './localized';
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
  words: JourneyWords;
  onSubmit(values: { code: string }): Promise<StepResult | undefined>;
  /** Resend code: the OEM sends a new code (throttled by the server). */
  onResend?(): Promise<StepResult | undefined>;
}

export function MfaStep({ view, pending, failure, words, onSubmit, onResend }: MfaStepProps) {
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
      <StepHeading>{view.title}</StepHeading>
      <p className="text-sm text-slate-600 dark:text-slate-300">{view.text.intro}</p>
      {resent && !failure ? <Alert tone="info">{view.text.codeResent}</Alert> : null}
      <FailureAlert failure={failure}>
        {failure?.message}
        {failure?.code === 'INVALID_MFA_CODE' && failure.attemptsNote
          ? ` ${failure.attemptsNote}`
          : ''}
      </FailureAlert>
      <TextField
        label={view.text.code}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        error={localized(view, form.formState.errors.code?.message) ?? failure?.fieldErrors?.code}
        {...form.register('code')}
      />
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        {words.continue}
      </Button>
      {onResend && (view.resendsLeft ?? 0) > 0 ? (
        <Button variant="secondary" onClick={() => void resend()} disabled={pending}>
          {view.text.resend}
        </Button>
      ) : null}
    </form>
  );
}
