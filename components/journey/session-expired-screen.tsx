'use client';

import type { Branding } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { JourneyFrame } from './journey-frame';
import { StepHeading } from './step-heading';

export interface SessionExpiredScreenProps {
  branding: Branding;
  exitUrl: string;
}

export function SessionExpiredScreen({ branding, exitUrl }: SessionExpiredScreenProps) {
  return (
    <JourneyFrame branding={branding} progress={null}>
      <StepHeading>Session expired</StepHeading>
      <p className="text-slate-700 dark:text-slate-200">
        This session has expired or is no longer valid. Start again to connect your device.
      </p>
      <Button onClick={() => window.location.reload()}>Start again</Button>
      <Button variant="secondary" onClick={() => window.location.assign(exitUrl)}>
        Return to {branding.appName}
      </Button>
    </JourneyFrame>
  );
}
