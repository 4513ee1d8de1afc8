'use client';

import { useEffect } from 'react';
import type { StepView } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { StepHeading } from '../step-heading';

export interface FinishedStepProps {
  view: Extract<StepView, { step: 'finished' }>;
}

/**
 * The journey is over. Success and cancel return to the app at once; an error is explained first,
 * and Continue returns to the app with `status=error`.
 */
export function FinishedStep({ view }: FinishedStepProps) {
  const automatic = view.outcome !== 'error';
  useEffect(() => {
    if (automatic) window.location.assign(view.redirectUrl);
  }, [automatic, view.redirectUrl]);

  return (
    <div className="flex flex-col gap-5">
      <StepHeading>{view.title}</StepHeading>
      <p className="text-slate-700" role={automatic ? 'status' : undefined}>
        {view.message}
      </p>
      {automatic ? null : (
        <Button onClick={() => window.location.assign(view.redirectUrl)}>Continue</Button>
      )}
    </div>
  );
}
