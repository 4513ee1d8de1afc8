'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { StepView } from '@/lib/journey/views';
import type { StepFailure } from '../step-failure';
import type { ChoiceGroup } from './choice-step';
import { ChoiceRadios, ChoiceStep } from './choice-step';
import { matchingChoiceIds, OEM_SEARCH_THRESHOLD } from './oem-filter';
import { stepTitle } from '@/lib/journey/step-titles';

export interface OemPickerProps extends ChoiceGroup {
  /** Whether the page's scripts have run (the search filters only then; the list is whole before). */
  hydrated: boolean;
}

/**
 * The OEMs of a device type with their logos; above six of them, a search that narrows the list as
 * the person types. Before the scripts run the whole list is there to tap, and whatever was typed
 * into the search by then is applied as soon as they do.
 */
export function OemPicker({ hydrated, ...group }: OemPickerProps) {
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
            Search makers
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
                ? `No makers match “${query.trim()}”.`
                : `${shown.size} of ${group.choices.length} makers shown.`}
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
  onSubmit(id: string): unknown;
  /** "My brand isn't listed": the journey ends and the app hears reason=oem_not_listed. */
  onNotListed(): unknown;
}

/** The OEM step: who makes the device, with logos, a search for long lists, and a way out. */
export function OemStep({ view, pending, failure, onSubmit, onNotListed }: OemStepProps) {
  const hydrated = useHydrated();
  return (
    <ChoiceStep
      title={stepTitle(view)}
      legend="Manufacturer"
      choices={view.oems}
      pending={pending}
      failure={failure}
      onSubmit={onSubmit}
      renderChoices={(group) => <OemPicker {...group} hydrated={hydrated} />}
      footer={
        <Button variant="secondary" onClick={onNotListed} disabled={pending || !hydrated}>
          {"My brand isn't listed"}
        </Button>
      }
    />
  );
}
