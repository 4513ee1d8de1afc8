'use client';

import { useEffect } from 'react';
import type { StepView } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import type { EmbedPort } from '../embed-bridge';
import { useEmbedPort } from '../embed-bridge';
import { StepHeading } from '../step-heading';

/** An embedding page hears the outcome first (and closes the journey); then the redirect. */
function leaveJourney(embed: EmbedPort, view: FinishedStepProps['view']): void {
  void embed
    .post((m) => m.messagesOnLeave(view))
    .then(() => window.location.assign(view.redirectUrl));
}

export interface FinishedStepProps {
  view: Extract<StepView, { step: 'finished' }>;
}

/**
 * The journey is over. Success and cancel return to the app at once; an error is explained first,
 * and Continue returns to the app with `status=error`.
 */
export function FinishedStep({ view }: FinishedStepProps) {
  const automatic = view.outcome !== 'error';
  const embed = useEmbedPort();
  const leave = () => leaveJourney(embed, view);
  useEffect(() => {
    if (automatic) leaveJourney(embed, view);
  }, [automatic, embed, view]);

  return (
    <div className="flex flex-col gap-5">
      <StepHeading>{view.title}</StepHeading>
      <p className="text-slate-700" role={automatic ? 'status' : undefined}>
        {view.message}
      </p>
      {automatic ? null : <Button onClick={leave}>Continue</Button>}
    </div>
  );
}
