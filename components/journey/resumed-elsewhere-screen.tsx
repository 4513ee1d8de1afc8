import type { Branding } from '@/lib/journey/views';
import { JourneyFrame } from './journey-frame';
import { ReturnLink } from './return-link';

export interface ResumedElsewhereScreenProps {
  kind: 'signed_in' | 'ended';
  branding: Branding;
  oemName: string | null;
  exitUrl: string;
}

export function resumedElsewhereTitle(kind: 'signed_in' | 'ended'): string {
  return kind === 'signed_in' ? 'Your connection is in progress' : 'This connection has ended';
}

/**
 * A reload (or a reused address) of a journey past its sign-in, or over: nothing continues from an
 * address alone, so say what is happening and offer the way back to the app.
 */
export function ResumedElsewhereScreen({
  kind,
  branding,
  oemName,
  exitUrl,
}: ResumedElsewhereScreenProps) {
  const maker = oemName ?? 'the manufacturer';
  const heading = resumedElsewhereTitle(kind);
  return (
    <JourneyFrame branding={branding} progress={null}>
      <h1 className="text-2xl font-semibold tracking-tight">{heading}</h1>
      <p className="text-slate-700 dark:text-slate-200">
        {kind === 'signed_in'
          ? `You already signed in to ${maker} on this page. For your security, a reloaded page cannot continue after sign-in. Return to ${branding.appName} and connect again if you need to.`
          : `This page’s connection to ${maker} is over. Return to ${branding.appName} to see your devices, or to connect again.`}
      </p>
      <ReturnLink href={exitUrl} appName={branding.appName} />
    </JourneyFrame>
  );
}
