import type { Metadata } from 'next';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { launchErrorCopy, launchJourney } from '@/lib/journey/server';
import { journeyStepAction } from './actions';
import { journeyDeps, launchSafely } from './journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Connect your device' };

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const params = await searchParams;
  const deps = await journeyDeps();
  const outcome = await launchSafely('journey', async () => launchJourney(deps, params));
  if (!outcome.ok) {
    const detail = 'detail' in outcome ? outcome.detail : undefined;
    return (
      <LaunchErrorScreen
        copy={launchErrorCopy(outcome.code, { language: deps.language, detail })}
      />
    );
  }
  // The steps' words are not in the catalogs yet: their subtree says so, whatever the page's language.
  return (
    <div lang="en">
      <JourneyWizard journey={outcome.journey} runStep={journeyStepAction} />
    </div>
  );
}
