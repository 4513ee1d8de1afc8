import type { Metadata } from 'next';
import { cache } from 'react';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import {
  ResumedElsewhereScreen,
  resumedElsewhereTitle,
} from '@/components/journey/resumed-elsewhere-screen';
import { pageTitle, stepTitle } from '@/lib/journey/step-titles';
import type { StartedJourney } from '@/lib/journey/server';
import { launchErrorCopy, launchJourney, resumeJourney } from '@/lib/journey/server';
import { journeyStepAction } from './actions';
import { journeyDeps, launchSafely, requestLanguage } from './journey-deps';

export const dynamic = 'force-dynamic';

/** One resume per request, shared by the metadata (the tab's title) and the page. */
const resumeOnce = cache(async (token: string) =>
  launchSafely('journey', async () => resumeJourney(await journeyDeps(), token)),
);

interface JourneyPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The tab names the step the page opens on, from the first paint. */
export async function generateMetadata({ searchParams }: JourneyPageProps): Promise<Metadata> {
  const resume = resumeParam(await searchParams);
  if (resume === undefined) return { title: 'Connect your device' };
  const outcome = await resumeOnce(resume);
  if (!outcome.ok) {
    return {
      title: pageTitle(launchErrorCopy(outcome.code, { language: await requestLanguage() }).title),
    };
  }
  if (outcome.kind !== 'resumed') return { title: pageTitle(resumedElsewhereTitle(outcome.kind)) };
  return { title: pageTitle(stepTitle(outcome.journey.screen.view)) };
}

function resumeParam(params: Record<string, string | string[] | undefined>) {
  return Array.isArray(params.resume) ? params.resume[0] : params.resume;
}

/**
 * A launch (`appId` + `userId`, or the signed `launch`) opens a journey; the page then takes the
 * journey's resume address (`/journey?resume=…`, through the router), so a reload finds the journey
 * (see resumeJourney) instead of opening another.
 */
export default async function JourneyPage({ searchParams }: JourneyPageProps) {
  const params = await searchParams;
  const resume = resumeParam(params);
  if (resume === undefined) {
    const deps = await journeyDeps();
    const launched = await launchSafely('journey', async () => launchJourney(deps, params));
    if (launched.ok) return <Wizard journey={launched.journey} />;
    const detail = 'detail' in launched ? launched.detail : undefined;
    return (
      <LaunchErrorScreen
        copy={launchErrorCopy(launched.code, { language: deps.language, detail })}
      />
    );
  }
  const outcome = await resumeOnce(resume);
  if (!outcome.ok) {
    return (
      <LaunchErrorScreen
        copy={launchErrorCopy(outcome.code, { language: await requestLanguage() })}
      />
    );
  }
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
  return <Wizard journey={outcome.journey} />;
}

/** The steps' words are not in the catalogs yet: their subtree says so, whatever the page's language. */
function Wizard({ journey }: { journey: StartedJourney }) {
  return (
    <div lang="en">
      <JourneyWizard journey={journey} runStep={journeyStepAction} />
    </div>
  );
}
