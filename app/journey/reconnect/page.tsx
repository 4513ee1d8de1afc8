import type { Metadata } from 'next';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { ReconnectStart } from '@/components/journey/reconnect-start';
import { launchErrorCopy, previewReconnection, reconnectStartCopy } from '@/lib/journey/server';
import { translatorFor } from '@/lib/i18n/translator';
import { startReconnectionAction } from '../actions';
import { journeyDeps, launchSafely, requestLanguage } from '../journey-deps';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const language = await requestLanguage();
  return { title: translatorFor(language)('journey.reconnect.pageTitle') };
}

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
  const { preview } = outcome;
  return (
    <ReconnectStart
      branding={preview.branding}
      copy={reconnectStartCopy(deps.language ?? 'en', {
        appName: preview.branding.appName,
        oemName: preview.oemName,
        deviceNames: preview.deviceNames,
      })}
      start={startReconnectionAction.bind(null, token ?? '')}
    />
  );
}
