import type { Metadata } from 'next';
import { cache } from 'react';
import { JourneyWizard } from '@/components/journey/journey-wizard';
import { LaunchErrorScreen } from '@/components/journey/launch-error-screen';
import { ResumedElsewhereScreen } from '@/components/journey/resumed-elsewhere-screen';
import { launchErrorCopy, launchJourney, pageTitleIn, resumeJourney } from '@/lib/journey/server';
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
  const language = await requestLanguage();
  if (resume === undefined) return { title: pageTitleIn(language) };
  const outcome = await resumeOnce(resume);
  if (!outcome.ok)
    return { title: pageTitleIn(language, launchErrorCopy(outcome.code, { language }).title) };
  if (outcome.kind !== 'resumed') return { title: pageTitleIn(language, outcome.copy.title) };
  const { journey } = outcome;
  return { title: pageTitleIn(journey.words.language, journey.screen.view.title) };
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
    if (launched.ok)
      return <JourneyWizard journey={launched.journey} runStep={journeyStepAction} />;
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
        branding={outcome.branding}
        copy={outcome.copy}
        exitUrl={outcome.exitUrl}
      />
    );
  }
  return <JourneyWizard journey={outcome.journey} runStep={journeyStepAction} />;
}
