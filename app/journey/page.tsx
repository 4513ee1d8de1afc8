import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { ResumedElsewhereScreen } from '@/components/journey/resumed-elsewhere-screen';
import { errorCopy } from '@/lib/journey/errors';
import { launchJourney, resumeJourney } from '@/lib/journey/server';
import { journeyStepAction } from './actions';
import { journeyDeps, launchSafely } from './journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Connect your device' };

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * A launch (`appId` + `userId`, or the signed `launch`) opens a journey and answers with its resume
 * address (`/journey?resume=…`), which renders it: the address bar holds the journey from the first
 * paint, so a reload finds it (see resumeJourney) and the launch is never opened twice.
 */
export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const params = await searchParams;
  const resume = Array.isArray(params.resume) ? params.resume[0] : params.resume;
  const outcome = await launchSafely('journey', async () =>
    resume !== undefined
      ? resumeJourney(await journeyDeps(), resume)
      : launchJourney(await journeyDeps(), params),
  );
  if (!outcome.ok) {
    return (
      <LaunchErrorScreen
        code={outcome.code}
        {...errorCopy(outcome.code)}
        detail={'detail' in outcome ? outcome.detail : undefined}
      />
    );
  }
  if (!('kind' in outcome)) redirect(outcome.journey.resumePath);
  if (outcome.kind !== 'resumed') {
    return (
      <ResumedElsewhereScreen
        kind={outcome.kind}
        branding={outcome.branding}
        oemName={outcome.oemName}
        exitUrl={outcome.exitUrl}
      />
    );
  }
  return <JourneyWizard journey={outcome.journey} runStep={journeyStepAction} />;
}
