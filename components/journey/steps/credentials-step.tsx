'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { JourneyWords, StepView } from '@/lib/journey/views';
import { apiKeyCredentialsSchema, passwordCredentialsSchema } from '@/lib/journey/schemas';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { StepFailure } from '../step-failure';
import { FailureAlert } from '../failure-alert';
import { StepHeading } from '../step-heading';
import { ApiKeyHelp } from './api-key-help';
import { localized } from './localized';
import type { StepInput } from '@/lib/journey/server';
import type { StepResult } from '@/lib/journey/views';

export interface CredentialsStepProps {
  view: Extract<StepView, { step: 'credentials' }>;
  pending: boolean;
  failure: StepFailure | null;
  words: JourneyWords;
  onSubmit(values: StepInput<'submitCredentials'>): Promise<StepResult | undefined>;
}

/**
 * OEM credentials live only in this form's state (react-hook-form) until the server action receives
 * them. After refused details the secret field is cleared — nothing is echoed back; an outage or a
 * lost connection keeps what was typed.
 */
export function CredentialsStep(props: CredentialsStepProps) {
  return props.view.authMethod === 'api_key' ? (
    <ApiKeyForm {...props} />
  ) : (
    <PasswordForm {...props} />
  );
}

/** A refusal, with the attempts left after refused details ("2 attempts left.", from the server). */
function Failure({ failure }: { failure: StepFailure | null }) {
  const showAttempts = failure?.code === 'INVALID_CREDENTIALS' && !!failure.attemptsNote;
  return (
    <FailureAlert failure={failure}>
      {failure?.message}
      {showAttempts ? ` ${failure.attemptsNote}` : ''}
    </FailureAlert>
  );
}

/**
 * Whether a refusal means the secret itself was wrong (so it is cleared). A maker that is not
 * responding, or a lost connection, says nothing about it: what was typed stays for the retry.
 */
function secretRefused(result: StepResult | undefined): boolean {
  return (
    !!result && !result.ok && result.code !== 'OEM_UNAVAILABLE' && result.code !== 'NETWORK_ERROR'
  );
}

function PasswordForm({ view, pending, failure, words, onSubmit }: CredentialsStepProps) {
  // A reloaded journey paints this form before its scripts run: Continue waits for them, so a bare
  // HTML submit can never put the password in an address.
  const hydrated = useHydrated();
  const form = useForm({
    resolver: zodResolver(passwordCredentialsSchema),
    defaultValues: { username: '', password: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await onSubmit(values);
    if (secretRefused(result)) form.resetField('password');
  });
  return (
    <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
      <StepHeading>{view.title}</StepHeading>
      <p className="text-sm text-slate-600 dark:text-slate-300">{view.text.intro}</p>
      <Failure failure={failure} />
      <TextField
        label={view.text.username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        error={localized(view, errors.username?.message) ?? failure?.fieldErrors?.username}
        {...form.register('username')}
      />
      <TextField
        label={view.text.password}
        type="password"
        autoComplete="current-password"
        error={localized(view, errors.password?.message) ?? failure?.fieldErrors?.password}
        {...form.register('password')}
      />
      {view.accountHelpUrl ? (
        <a
          href={view.accountHelpUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="self-start text-sm font-medium text-teal-800 underline underline-offset-2 dark:text-teal-300"
        >
          {view.text.forgotPassword}
        </a>
      ) : null}
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        {pending ? view.text.submitting : words.continue}
      </Button>
    </form>
  );
}

function ApiKeyForm({ view, pending, failure, words, onSubmit }: CredentialsStepProps) {
  const hydrated = useHydrated();
  const form = useForm({
    resolver: zodResolver(apiKeyCredentialsSchema),
    defaultValues: { apiKey: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await onSubmit(values);
    if (secretRefused(result)) form.resetField('apiKey');
  });
  return (
    <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
      <StepHeading>{view.title}</StepHeading>
      <p className="text-sm text-slate-600 dark:text-slate-300">{view.text.intro}</p>
      <ApiKeyHelp
        summary={view.text.helpSummary}
        privacy={view.text.helpPrivacy}
        steps={view.apiKeyHelp}
      />
      <Failure failure={failure} />
      <TextField
        label={view.text.apiKey}
        type="password"
        autoComplete="off"
        spellCheck={false}
        error={localized(view, errors.apiKey?.message) ?? failure?.fieldErrors?.apiKey}
        {...form.register('apiKey')}
      />
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        {pending ? view.text.submitting : words.continue}
      </Button>
    </form>
  );
}
