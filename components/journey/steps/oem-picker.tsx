'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/use-hydrated';
import { fillTemplate } from '@/lib/journey/fill';
import type { JourneyWords, StepView } from '@/lib/journey/views';
import type { StepFailure } from '../step-failure';
import type { ChoiceGroup } from './choice-step';
import { ChoiceRadios, ChoiceStep } from './choice-step';
import { matchingChoiceIds, OEM_SEARCH_THRESHOLD } from './oem-filter';

export interface OemPickerProps extends ChoiceGroup {
  /** Whether the page's scripts have run (the search filters only then; the list is whole before). */
  hydrated: boolean;
  /** The search's words, in the journey's language (`noMatch` and `shown` are templates). */
  text: Pick<Extract<StepView, { step: 'oem' }>['text'], 'search' | 'noMatch' | 'shown'>;
}

/**
 * The OEMs of a device type with their logos; above six of them, a search that narrows the list as
 * the person types. Before the scripts run the whole list is there to tap, and whatever was typed
 * into the search by then is applied as soon as they do.
 */
export function OemPicker({ hydrated, text, ...group }: OemPickerProps) {
  const searchable = group.choices.length > OEM_SEARCH_THRESHOLD;
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const searchId = useId();
  useEffect(() => {
    if (hydrated && input.current) setQuery(input.current.value);
  }, [hydrated]);
  const shown = useMemo(() => matchingChoiceIds(group.choices, query), [group.choices, query]);
  const hidden = useMemo(
    () => new Set(group.choices.filter((c) => !shown.has(c.id)).map((c) => c.id)),
    [group.choices, shown],
  );
  return (
    <>
      {searchable ? (
        <div className="flex flex-col gap-1">
          <label
            htmlFor={searchId}
            className="text-sm font-medium text-slate-800 dark:text-slate-200"
          >
            {text.search}
          </label>
          <input
            ref={input}
            id={searchId}
            type="search"
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="search"
            onChange={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Enter in the search narrows the list; it must not submit the step.
              if (event.key === 'Enter') event.preventDefault();
            }}
            className="min-h-11 rounded-lg border border-slate-500 bg-white px-3 py-2 text-base focus:border-brand focus:outline-2 focus:outline-brand dark:border-slate-400 dark:bg-slate-900 dark:text-slate-100"
          />
          <output aria-live="polite" className="block text-sm text-slate-600 dark:text-slate-300">
            {query.trim() === ''
              ? ''
              : shown.size === 0
                ? fillTemplate(text.noMatch, { query: query.trim() })
                : fillTemplate(text.shown, { shown: shown.size, total: group.choices.length })}
          </output>
        </div>
      ) : null}
      <ChoiceRadios {...group} hidden={hidden} />
    </>
  );
}

export interface OemStepProps {
  view: Extract<StepView, { step: 'oem' }>;
  pending: boolean;
  failure: StepFailure | null;
  words: JourneyWords;
  onSubmit(id: string): unknown;
  /** "My brand isn't listed": the journey ends and the app hears reason=oem_not_listed. */
  onNotListed(): unknown;
}

/** The OEM step: who makes the device, with logos, a search for long lists, and a way out. */
export function OemStep({ view, pending, failure, words, onSubmit, onNotListed }: OemStepProps) {
  const hydrated = useHydrated();
  return (
    <ChoiceStep
      title={view.title}
      legend={view.legend}
      choices={view.oems}
      pending={pending}
      failure={failure}
      words={words}
      onSubmit={onSubmit}
      renderChoices={(group) => <OemPicker {...group} hydrated={hydrated} text={view.text} />}
      footer={
        <Button variant="secondary" onClick={onNotListed} disabled={pending || !hydrated}>
          {view.text.notListed}
        </Button>
      }
    />
  );
}
