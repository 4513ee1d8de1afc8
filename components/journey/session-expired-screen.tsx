'use client';

import type { Branding, JourneyWords } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { JourneyFrame } from './journey-frame';
import { StepHeading } from './step-heading';

export interface SessionExpiredScreenProps {
  branding: Branding;
  /** The journey's words (this screen's among them), in its language. */
  words: JourneyWords;
  exitUrl: string;
}

export function SessionExpiredScreen({ branding, words, exitUrl }: SessionExpiredScreenProps) {
  const copy = words.sessionExpired;
  return (
    <JourneyFrame branding={branding} progress={null} words={words.frame}>
      <StepHeading>{copy.title}</StepHeading>
      <p className="text-slate-700 dark:text-slate-200">{copy.message}</p>
      <Button onClick={() => window.location.reload()}>{copy.startAgain}</Button>
      <Button variant="secondary" onClick={() => window.location.assign(exitUrl)}>
        {copy.returnTo}
      </Button>
    </JourneyFrame>
  );
}
