'use client';

import type { StepView } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { FailureAlert } from '../failure-alert';
import type { StepFailure } from '../step-failure';
import { StepHeading } from '../step-heading';

export interface ConsentStepProps {
  view: Extract<StepView, { step: 'consent' }>;
  pending: boolean;
  failure: StepFailure | null;
  onAllow(): unknown;
}

/** Devices listed by name up to this many; past it, the first few and a count. */
const LISTED_DEVICES = 3;

/**
 * What the app will be able to do, with which devices. A long selection is summarised (the first
 * few and "and 22 more"), so **Allow** stays in view on a phone.
 */
export function ConsentStep({ view, pending, failure, onAllow }: ConsentStepProps) {
  const shown =
    view.deviceNames.length > LISTED_DEVICES + 1
      ? view.deviceNames.slice(0, LISTED_DEVICES)
      : view.deviceNames;
  const more = view.deviceNames.length - shown.length;
  const secret = view.authMethod === 'api_key' ? 'API key' : 'password';
  return (
    <div className="flex flex-col gap-5">
      <StepHeading>
        {view.mode === 'reconnect' ? 'Reconnect' : 'Allow'} {view.appName} to access your devices
      </StepHeading>
      <FailureAlert failure={failure} />
      {view.deviceNames.length > 0 ? (
        <section aria-labelledby="consent-devices" className="flex flex-col gap-2">
          <h2
            id="consent-devices"
            className="text-sm font-semibold text-slate-800 dark:text-slate-100"
          >
            {view.deviceNames.length} {view.deviceNames.length === 1 ? 'device' : 'devices'} from{' '}
            {view.oemName}
          </h2>
          <ul className="list-disc pl-5 text-sm text-slate-700 dark:text-slate-200">
            {shown.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {more > 0 ? <li>and {more} more</li> : null}
          </ul>
        </section>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-200">
          Your devices from {view.oemName} will be reconnected.
        </p>
      )}
      <section aria-labelledby="consent-access" className="flex flex-col gap-2">
        <h2
          id="consent-access"
          className="text-sm font-semibold text-slate-800 dark:text-slate-100"
        >
          {view.appName} will be able to
        </h2>
        <ul className="list-disc pl-5 text-sm text-slate-700 dark:text-slate-200">
          {view.access.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <p className="text-xs text-slate-600 dark:text-slate-300">
        {view.appName} never sees your {view.oemName} {secret}. You can disconnect at any time in{' '}
        {view.appName}.
      </p>
      <Button onClick={() => onAllow()} disabled={pending} pending={pending}>
        {pending ? 'Connecting…' : 'Allow'}
      </Button>
    </div>
  );
}
