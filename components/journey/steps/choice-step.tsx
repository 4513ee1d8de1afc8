'use client';

import type { FormEvent, ReactNode } from 'react';
import { useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Choice, JourneyWords } from '@/lib/journey/views';
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
  /** Continue, and "Choose one to continue.", in the journey's language. */
  words: Pick<JourneyWords, 'continue' | 'chooseOne'>;
  onSubmit(id: string): unknown;
  /** Replaces the plain radio list (the OEM step adds logos and a search). */
  renderChoices?: (group: ChoiceGroup) => ReactNode;
  /** Below Continue: another way out of the step ("My brand isn't listed"). */
  footer?: ReactNode;
}

/** What a choice list needs from its step: the radios' name, and how to clear "choose one". */
export interface ChoiceGroup {
  name: string;
  legend: string;
  choices: Choice[];
  describedBy: string | undefined;
  onChange(): void;
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
  words,
  onSubmit,
  renderChoices = (group) => <ChoiceRadios {...group} />,
  footer,
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
      {renderChoices({
        name,
        legend,
        choices,
        describedBy: missing ? `${name}-missing` : undefined,
        onChange: () => setMissing(false),
      })}
      {missing ? (
        <p id={`${name}-missing`} className="text-sm text-red-700 dark:text-red-300" role="alert">
          {words.chooseOne}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !hydrated} pending={pending}>
        {words.continue}
      </Button>
      {footer}
    </form>
  );
}

/**
 * The radios of a choice, as a labelled group; `hidden` ids stay in the form (a choice made before a
 * search narrowed the list is still the one Continue sends) but out of sight.
 */
export function ChoiceRadios({
  name,
  legend,
  choices,
  describedBy,
  onChange,
  hidden,
}: ChoiceGroup & { hidden?: ReadonlySet<string> }) {
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={describedBy}>
      <legend className="sr-only">{legend}</legend>
      {choices.map((choice) => (
        <label
          key={choice.id}
          className={`${hidden?.has(choice.id) ? 'hidden' : 'flex'} min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-500 px-4 py-3 has-checked:border-brand has-checked:bg-teal-50 has-focus-visible:outline-2 has-focus-visible:outline-brand dark:border-slate-400 dark:has-checked:border-teal-300 dark:has-checked:bg-teal-950`}
        >
          <input
            type="radio"
            name={name}
            value={choice.id}
            onChange={onChange}
            className="size-4 accent-brand"
          />
          {choice.logo ? (
            // A local, same-origin file; decorative: the name beside it is the label.
            // eslint-disable-next-line @next/next/no-img-element -- static SVGs, no optimisation needed
            <img src={choice.logo} alt="" width={28} height={28} className="size-7 rounded" />
          ) : null}
          <span className="text-base font-medium">{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
