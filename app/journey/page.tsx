import type { Metadata } from 'next';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { launchJourney } from '@/lib/journey/server';
import { journeyStepAction } from './actions';
import { journeyDeps, launchSafely } from './journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Connect your device' };

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const params = await searchParams;
  const outcome = await launchSafely('journey', async () =>
    launchJourney(await journeyDeps(), params),
  );
  if (!outcome.ok) {
    return (
      <LaunchErrorScreen
        code={outcome.code}
        detail={'detail' in outcome ? outcome.detail : undefined}
      />
    );
  }
  return <JourneyWizard journey={outcome.journey} runStep={journeyStepAction} />;
}
