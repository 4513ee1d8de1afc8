import type { JourneySession } from '../../db/schema';
import { signResumeToken } from '../../tokens';
import type { Environment } from '../../vocabulary';
import type { JourneyDeps } from './step-context';

/** The address a journey's page takes after launch (see ResumeOutcome). */
export async function resumePathOf(
  deps: JourneyDeps,
  env: Environment,
  session: Pick<JourneySession, 'id' | 'appId' | 'language'>,
): Promise<string> {
  const { token } = await signResumeToken(
    { sid: session.id, env, app: session.appId },
    deps.config.appSecret,
    deps.now,
  );
  // The language rides along so that the resumed page (and its <html lang>) keeps the journey's.
  return `/journey?${new URLSearchParams({ resume: token, language: session.language })}`;
}
