'use client';

import type { FormEvent } from 'react';
import { useState } from 'react';
import type { StepView } from '@/lib/journey/views';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { StepFailure } from '../step-failure';
import { StepHeading } from '../step-heading';

export interface DevicesStepProps {
  view: Extract<StepView, { step: 'devices' }>;
  pending: boolean;
  failure: StepFailure | null;
  onSubmit(deviceIds: string[]): unknown;
}

/** Every discovered device, all selected to begin with; already-connected ones are marked. */
export function DevicesStep({ view, pending, failure, onSubmit }: DevicesStepProps) {
  const [selected, setSelected] = useState(() => new Set(view.devices.map((d) => d.id)));
  const [missing, setMissing] = useState(false);

  function toggle(id: string) {
    setMissing(false);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (selected.size === 0) {
      setMissing(true);
      return;
    }
    onSubmit(view.devices.filter((d) => selected.has(d.id)).map((d) => d.id));
  }

  return (
    <form onSubmit={handleSubmit} className="flex flex-col gap-5" noValidate>
      <StepHeading>Choose devices to connect</StepHeading>
      <p className="text-sm text-slate-600">
        We found {view.devices.length} {view.devices.length === 1 ? 'device' : 'devices'} in your{' '}
        {view.oemName} account.
      </p>
      {failure ? <Alert>{failure.fieldErrors?.deviceIds ?? failure.message}</Alert> : null}
      <fieldset className="flex max-h-96 flex-col gap-2 overflow-y-auto">
        <legend className="sr-only">Devices</legend>
        {view.devices.map((device) => (
          <label
            key={device.id}
            className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-500 px-4 py-3 has-checked:border-brand has-checked:bg-teal-50"
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
              <span id={`${device.id}-details`} className="text-sm text-slate-600">
                {device.model}
                {device.alreadyConnected ? ' · Already connected' : ''}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {missing ? (
        <p role="alert" className="text-sm text-red-700">
          Select at least one device.
        </p>
      ) : null}
      <Button type="submit" disabled={pending} pending={pending}>
        Continue
      </Button>
    </form>
  );
}
