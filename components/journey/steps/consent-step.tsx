'use client';

import type { StepView } from '@/lib/journey/views';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { StepFailure } from '../step-failure';
import { StepHeading } from '../step-heading';

export interface ConsentStepProps {
  view: Extract<StepView, { step: 'consent' }>;
  pending: boolean;
  failure: StepFailure | null;
  onAllow(): unknown;
}

export function ConsentStep({ view, pending, failure, onAllow }: ConsentStepProps) {
  return (
    <div className="flex flex-col gap-5">
      <StepHeading>
        {view.mode === 'reconnect' ? 'Reconnect' : 'Allow'} {view.appName} to access your devices
      </StepHeading>
      {failure ? <Alert>{failure.message}</Alert> : null}
      {view.deviceNames.length > 0 ? (
        <section aria-labelledby="consent-devices" className="flex flex-col gap-2">
          <h2 id="consent-devices" className="text-sm font-semibold text-slate-800">
            Devices from {view.oemName}
          </h2>
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {view.deviceNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="text-sm text-slate-700">
          Your devices from {view.oemName} will be reconnected.
        </p>
      )}
      <section aria-labelledby="consent-access" className="flex flex-col gap-2">
        <h2 id="consent-access" className="text-sm font-semibold text-slate-800">
          {view.appName} will be able to
        </h2>
        <ul className="list-disc pl-5 text-sm text-slate-700">
          {view.access.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <p className="text-xs text-slate-500">
        {view.appName} never sees your {view.oemName} password. You can disconnect at any time in{' '}
        {view.appName}.
      </p>
      <Button onClick={() => onAllow()} disabled={pending} pending={pending}>
        {pending ? 'Connecting…' : 'Allow'}
      </Button>
    </div>
  );
}
