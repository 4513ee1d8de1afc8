import type { Metadata } from 'next';
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
 * A launch (`appId` + `userId`, or the signed `launch`) opens a journey; `resume` is the address the
 * journey's page takes afterwards, so a reload finds its journey (see resumeJourney).
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
  if ('kind' in outcome && outcome.kind !== 'resumed') {
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
