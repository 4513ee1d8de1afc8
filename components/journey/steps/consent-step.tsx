'use client';

import { fillTemplate } from '@/lib/journey/fill';
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
  return (
    <div className="flex flex-col gap-5">
      <StepHeading>{view.title}</StepHeading>
      <FailureAlert failure={failure} />
      {view.deviceNames.length > 0 ? (
        <section aria-labelledby="consent-devices" className="flex flex-col gap-2">
          <h2
            id="consent-devices"
            className="text-sm font-semibold text-slate-800 dark:text-slate-100"
          >
            {view.text.devicesHeading}
          </h2>
          <ul className="list-disc pl-5 text-sm text-slate-700 dark:text-slate-200">
            {shown.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {more > 0 ? <li>{fillTemplate(view.text.more, { count: more })}</li> : null}
          </ul>
        </section>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-200">{view.text.reconnectAll}</p>
      )}
      <section aria-labelledby="consent-access" className="flex flex-col gap-2">
        <h2
          id="consent-access"
          className="text-sm font-semibold text-slate-800 dark:text-slate-100"
        >
          {view.text.ableTo}
        </h2>
        <ul className="list-disc pl-5 text-sm text-slate-700 dark:text-slate-200">
          {view.access.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <p className="text-xs text-slate-600 dark:text-slate-300">{view.text.privacy}</p>
      <Button onClick={() => onAllow()} disabled={pending} pending={pending}>
        {pending ? view.text.connecting : view.text.allow}
      </Button>
    </div>
  );
}
