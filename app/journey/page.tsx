import type { Metadata } from 'next';
import { cache } from 'react';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import {
  ResumedElsewhereScreen,
  resumedElsewhereTitle,
} from '@/components/journey/resumed-elsewhere-screen';
import { errorCopy } from '@/lib/journey/errors';
import { pageTitle, stepTitle } from '@/lib/journey/step-titles';
import { launchJourney, resumeJourney } from '@/lib/journey/server';
import { journeyStepAction } from './actions';
import { journeyDeps, launchSafely } from './journey-deps';

export const dynamic = 'force-dynamic';

/** One resume per request, shared by the metadata (the tab's title) and the page. */
const resumeOnce = cache(async (token: string) =>
  launchSafely('journey', async () => resumeJourney(await journeyDeps(), token)),
);

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * A launch (`appId` + `userId`, or the signed `launch`) opens a journey; the page then takes the
 * journey's resume address (`/journey?resume=…`, through the router), so a reload finds the journey
 * (see resumeJourney) instead of opening another.
 */
/** The tab names the step the page opens on, from the first paint. */
export async function generateMetadata({ searchParams }: JourneyPageProps): Promise<Metadata> {
  const resume = resumeParam(await searchParams);
  if (resume === undefined) return { title: 'Connect your device' };
  const outcome = await resumeOnce(resume);
  if (!outcome.ok) return { title: pageTitle(errorCopy(outcome.code).title) };
  if (outcome.kind !== 'resumed') return { title: pageTitle(resumedElsewhereTitle(outcome.kind)) };
  return { title: pageTitle(stepTitle(outcome.journey.screen.view)) };
}

function resumeParam(params: Record<string, string | string[] | undefined>) {
  return Array.isArray(params.resume) ? params.resume[0] : params.resume;
}

export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const params = await searchParams;
  const resume = resumeParam(params);
  if (resume === undefined) {
    const launched = await launchSafely('journey', async () =>
      launchJourney(await journeyDeps(), params),
    );
    if (launched.ok)
      return <JourneyWizard journey={launched.journey} runStep={journeyStepAction} />;
    return (
      <LaunchErrorScreen
        code={launched.code}
        {...errorCopy(launched.code)}
        detail={'detail' in launched ? launched.detail : undefined}
      />
    );
  }
  const outcome = await resumeOnce(resume);
  if (!outcome.ok) return <LaunchErrorScreen code={outcome.code} {...errorCopy(outcome.code)} />;
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
