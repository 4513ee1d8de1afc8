import type { JourneySession } from '../../db/schema';
import { signResumeToken } from '../../tokens';
import type { Environment } from '../../vocabulary';
import type { JourneyDeps } from './step-context';

/** The address a journey's page takes after launch (see ResumeOutcome). */
export async function resumePathOf(
  deps: JourneyDeps,
  env: Environment,
  session: Pick<JourneySession, 'id' | 'appId'>,
): Promise<string> {
  const { token } = await signResumeToken(
    { sid: session.id, env, app: session.appId },
    deps.config.appSecret,
    deps.now,
  );
  return `/journey?${new URLSearchParams({ resume: token })}`;
}
