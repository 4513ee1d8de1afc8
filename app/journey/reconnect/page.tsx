import type { Metadata } from 'next';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { ReconnectStart } from '@/components/journey/reconnect-start';
import { launchErrorCopy, previewReconnection } from '@/lib/journey/server';
import { startReconnectionAction } from '../actions';
import { journeyDeps, launchSafely } from '../journey-deps';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reconnect your device' };

interface ReconnectPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** A reconnection link's page: it only reads; Continue uses the link up (see ReconnectStart). */
export default async function ReconnectPage({ searchParams }: ReconnectPageProps) {
  const { token: raw } = await searchParams;
  const token = Array.isArray(raw) ? raw[0] : raw;
  const deps = await journeyDeps();
  const outcome = await launchSafely('reconnect', async () => previewReconnection(deps, token));
  if (!outcome.ok) {
    const app = 'app' in outcome ? outcome.app : undefined;
    const copy = launchErrorCopy(outcome.code, {
      language: deps.language,
      appName: app?.branding.appName,
    });
    return <LaunchErrorScreen copy={copy} app={app} />;
  }
  // The steps' words are not in the catalogs yet: their subtree says so, whatever the page's language.
  return (
    <div lang="en">
      <ReconnectStart
        branding={outcome.preview.branding}
        oemName={outcome.preview.oemName}
        deviceNames={outcome.preview.deviceNames}
        start={startReconnectionAction.bind(null, token ?? '')}
      />
    </div>
  );
}
