'use client';

import { useState } from 'react';
import type { Branding } from '@/lib/journey/views';
import type { LaunchOutcome } from '@/lib/sessions/launch';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/use-hydrated';
import { JourneyFrame } from './journey-frame';
import { JourneyWizard } from './journey-wizard';
import { LaunchErrorScreen } from './launch-error-screen';
import { StepHeading } from './step-heading';
import type { JourneyActions } from './types';

export interface ReconnectStartProps {
  branding: Branding;
  oemName: string;
  /** Uses the link up and opens the reconnection journey. */
  start(): Promise<LaunchOutcome>;
  actions: JourneyActions;
}

/**
 * The page a reconnection link opens. Showing it changes nothing (mail scanners and link previews
 * fetch links); the link is used when the person presses Continue. The button is inert until the
 * page's scripts run.
 */
export function ReconnectStart({ branding, oemName, start, actions }: ReconnectStartProps) {
  const ready = useHydrated();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<LaunchOutcome | null>(null);
  const [networkError, setNetworkError] = useState(false);

  if (outcome?.ok) return <JourneyWizard journey={outcome.journey} actions={actions} />;
  if (outcome) return <LaunchErrorScreen code={outcome.code} detail={outcome.detail} />;

  async function handleContinue() {
    setPending(true);
    setNetworkError(false);
    try {
      setOutcome(await start());
    } catch {
      setNetworkError(true);
    } finally {
      setPending(false);
    }
  }

  return (
    <JourneyFrame branding={branding} progress={null}>
      <StepHeading>Reconnect your {oemName} account</StepHeading>
      <p className="text-slate-700">
        {branding.appName} can no longer reach your devices from {oemName}. Sign in to {oemName}{' '}
        again to keep them connected.
      </p>
      {networkError ? (
        <Alert>We could not reach the server. Check your connection and try again.</Alert>
      ) : null}
      <Button onClick={() => void handleContinue()} disabled={!ready || pending} pending={pending}>
        Continue
      </Button>
    </JourneyFrame>
  );
}
