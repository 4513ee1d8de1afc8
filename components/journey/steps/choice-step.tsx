'use client';

import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Choice } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import type { StepFailure } from '../step-failure';
import { FailureAlert } from '../failure-alert';
import { StepHeading } from '../step-heading';

export interface ChoiceStepProps {
  title: string;
  legend: string;
  choices: Choice[];
  pending: boolean;
  failure: StepFailure | null;
  onSubmit(id: string): unknown;
}

/**
 * One choice among several (device type, OEM, auth method) as a labelled radio group. The radios are
 * the browser's own (uncontrolled): a choice tapped before the page's scripts ran is still the choice
 * Continue sends, and Continue itself waits for the scripts (a bare HTML submit would leave the journey).
 */
export function ChoiceStep({
  title,
  legend,
  choices,
  pending,
  failure,
  onSubmit,
}: ChoiceStepProps) {
  const [missing, setMissing] = useState(false);
  const hydrated = useHydrated();
  const name = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const selected = new FormData(event.currentTarget).get(name);
    if (typeof selected !== 'string' || selected === '') {
      setMissing(true);
      return;
    }
    onSubmit(selected);
  }

  return (
    <form onSubmit={handleSubmit} className="flex flex-col gap-5" noValidate>
      <StepHeading>{title}</StepHeading>
      <FailureAlert failure={failure}>{failure?.fieldErrors?.id}</FailureAlert>
      <fieldset
        className="flex flex-col gap-2"
        aria-describedby={missing ? `${name}-missing` : undefined}
      >
        <legend className="sr-only">{legend}</legend>
        {choices.map((choice) => (
          <label
            key={choice.id}
            className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-500 px-4 py-3 has-checked:border-brand has-checked:bg-teal-50 has-focus-visible:outline-2 has-focus-visible:outline-brand dark:border-slate-400 dark:has-checked:border-teal-300 dark:has-checked:bg-teal-950"
          >
            <input
              type="radio"
              name={name}
              value={choice.id}
              onChange={() => setMissing(false)}
              className="size-4 accent-brand"
            />
            <span className="text-base font-medium">{choice.label}</span>
          </label>
        ))}
      </fieldset>
      {missing ? (
        <p id={`${name}-missing`} className="text-sm text-red-700 dark:text-red-300" role="alert">
          Choose one to continue.
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        Continue
      </Button>
    </form>
  );
}
