import type { Metadata } from 'next';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { launchJourney } from '@/lib/sessions';
import { journeyActions } from './journey-actions';
import { journeyDeps } from './journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Connect your device' };

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const outcome = await launchJourney(await journeyDeps(), await searchParams);
  if (!outcome.ok) return <LaunchErrorScreen code={outcome.code} detail={outcome.detail} />;
  return <JourneyWizard journey={outcome.journey} actions={journeyActions} />;
}
