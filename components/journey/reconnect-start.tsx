'use client';

import { useState } from 'react';
import type { Branding, ReconnectStartCopy } from '@/lib/journey/views';
import type { ReconnectStartOutcome } from '@/lib/journey/server';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/use-hydrated';
import { JourneyFrame } from './journey-frame';
import { LaunchErrorScreen } from './launch-error-screen';
import { StepHeading } from './step-heading';

export interface ReconnectStartProps {
  branding: Branding;
  /** What the page says (the maker, the devices the expired connection served), translated. */
  copy: ReconnectStartCopy;
  /** Uses the link up and opens the reconnection journey. */
  start(): Promise<ReconnectStartOutcome>;
}

/**
 * The page a reconnection link opens. Showing it changes nothing (mail scanners and link previews
 * fetch links); the link is used when the person presses Continue, and the journey then opens at its
 * own address. The button is inert until the page's scripts run.
 */
export function ReconnectStart({ branding, copy, start }: ReconnectStartProps) {
  const ready = useHydrated();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ReconnectStartOutcome | null>(null);
  const [networkError, setNetworkError] = useState(false);

  if (outcome && !outcome.ok) return <LaunchErrorScreen copy={outcome.copy} app={outcome.app} />;

  async function handleContinue() {
    setPending(true);
    setNetworkError(false);
    try {
      const started = await start();
      if (started.ok) {
        // The journey's own address from here (the link is used up): a reload resumes it.
        window.location.replace(started.journey.resumePath);
        return;
      }
      setOutcome(started);
    } catch {
      setNetworkError(true);
    }
    setPending(false);
  }

  return (
    <JourneyFrame branding={branding} progress={null} words={copy.frame}>
      <StepHeading>{copy.title}</StepHeading>
      <p className="text-slate-700 dark:text-slate-200">{copy.message}</p>
      {networkError ? <Alert>{copy.networkError}</Alert> : null}
      <Button onClick={() => void handleContinue()} disabled={!ready || pending} pending={pending}>
        {copy.continue}
      </Button>
    </JourneyFrame>
  );
}
