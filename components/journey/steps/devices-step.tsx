'use client';

import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { createTranslator } from 'use-intl/core';
import type { JourneyWords, StepView } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { FailureAlert } from '../failure-alert';
import type { StepFailure } from '../step-failure';
import { StepHeading } from '../step-heading';

export interface DevicesStepProps {
  view: Extract<StepView, { step: 'devices' }>;
  pending: boolean;
  failure: StepFailure | null;
  words: JourneyWords;
  onSubmit(deviceIds: string[]): unknown;
}

/**
 * Every discovered device, all selected to begin with; already-connected ones are marked. Select
 * all / none and a live count of the selection; the list is part of the page (no scroll of its own).
 */
export function DevicesStep({ view, pending, failure, words, onSubmit }: DevicesStepProps) {
  const [selected, setSelected] = useState(() => new Set(view.devices.map((d) => d.id)));
  const [missing, setMissing] = useState(false);
  const total = view.devices.length;
  // "2 of 3 selected" follows the selection: the server's message, formatted here (this step loads
  // after sign-in, so its message-format runtime never weighs on the first step).
  const selectedLine = useMemo(() => {
    const t = createTranslator({
      locale: words.language,
      messages: { selected: view.text.selected },
    });
    return (count: number) => t('selected', { selected: count, total });
  }, [words.language, view.text.selected, total]);

  function toggle(id: string) {
    setMissing(false);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function selectAll(all: boolean) {
    setMissing(false);
    setSelected(all ? new Set(view.devices.map((d) => d.id)) : new Set());
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (selected.size === 0) {
      setMissing(true);
      return;
    }
    onSubmit(view.devices.filter((d) => selected.has(d.id)).map((d) => d.id));
  }

  const link =
    'rounded text-sm font-medium text-teal-800 underline underline-offset-2 disabled:text-slate-600 disabled:no-underline dark:text-teal-300 dark:disabled:text-slate-400';
  return (
    <form onSubmit={handleSubmit} className="flex flex-col gap-5" noValidate>
      <StepHeading>{view.title}</StepHeading>
      <p className="text-sm text-slate-600 dark:text-slate-300">{view.text.found}</p>
      <FailureAlert failure={failure}>{failure?.fieldErrors?.deviceIds}</FailureAlert>
      {total > 1 ? (
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          <p aria-live="polite" className="text-sm font-medium text-slate-800 dark:text-slate-100">
            {selectedLine(selected.size)}
          </p>
          <div className="flex gap-4">
            <button
              type="button"
              className={link}
              disabled={selected.size === total}
              onClick={() => selectAll(true)}
            >
              {view.text.selectAll}
            </button>
            <button
              type="button"
              className={link}
              disabled={selected.size === 0}
              onClick={() => selectAll(false)}
            >
              {view.text.selectNone}
            </button>
          </div>
        </div>
      ) : null}
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">{view.text.legend}</legend>
        {view.devices.map((device) => (
          <label
            key={device.id}
            className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-500 px-4 py-3 has-checked:border-brand has-checked:bg-teal-50 has-focus-visible:outline-2 has-focus-visible:outline-brand dark:border-slate-400 dark:has-checked:border-teal-300 dark:has-checked:bg-teal-950"
          >
            <input
              type="checkbox"
              checked={selected.has(device.id)}
              onChange={() => toggle(device.id)}
              aria-describedby={`${device.id}-details`}
              className="size-4 accent-brand"
            />
            <span className="flex flex-col">
              <span className="text-base font-medium">{device.name}</span>
              <span
                id={`${device.id}-details`}
                className="text-sm text-slate-600 dark:text-slate-300"
              >
                {device.model}
                {device.alreadyConnected ? ` · ${view.text.alreadyConnected}` : ''}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {missing ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {view.text.selectAtLeastOne}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} pending={pending}>
        {words.continue}
      </Button>
    </form>
  );
}
