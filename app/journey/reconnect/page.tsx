import type { Metadata } from 'next';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { launchReconnection } from '@/lib/sessions';
import { journeyActions } from '../journey-actions';
import { journeyDeps } from '../journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reconnect your device' };

interface ReconnectPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ReconnectPage({ searchParams }: ReconnectPageProps) {
  const { token } = await searchParams;
  const outcome = await launchReconnection(
    await journeyDeps(),
    Array.isArray(token) ? token[0] : token,
  );
  if (!outcome.ok) return <LaunchErrorScreen code={outcome.code} detail={outcome.detail} />;
  return <JourneyWizard journey={outcome.journey} actions={journeyActions} />;
}
