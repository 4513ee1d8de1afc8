import { getCustomerAppCached } from '../../customers';
import { findOem } from '../../oem/catalogue';
import type { ResumeClaims } from '../../tokens';
import { TokenError, verifyResumeToken } from '../../tokens';
import type { LaunchErrorCode } from '../errors';
import { isPastCredentials } from '../machine';
import { buildRedirectUrl, errorParams } from '../redirect';
import type { Branding, ResumedElsewhereCopy } from '../views';
import { brandingOf } from '../views';
import type { StartedJourney } from './launch';
import { startedJourney } from './launch';
import { findSession } from './queries';
import { resumedElsewhereCopy } from './copy';
import type { JourneyDeps } from './step-context';

/**
 * A reload of the journey page. After launch the page's address becomes `/journey?resume=TOKEN`
 * (a signed pointer to its session, for the journey's hour): until the credentials are accepted,
 * a reload resumes at the step the journey is at. From the sign-in on, nothing secret may be
 * continued from an address alone, so the page says the connection is in progress and offers the
 * way back to the app; a journey that is over says so.
 */
export type ResumeOutcome =
  | { ok: true; kind: 'resumed'; journey: StartedJourney }
  | {
      ok: true;
      kind: 'signed_in' | 'ended';
      branding: Branding;
      oemName: string | null;
      exitUrl: string;
      /** What the screen says, in the journey's language. */
      copy: ResumedElsewhereCopy;
    }
  | { ok: false; code: LaunchErrorCode };

export async function resumeJourney(deps: JourneyDeps, token: string): Promise<ResumeOutcome> {
  let claims: ResumeClaims;
  try {
    claims = await verifyResumeToken(token, deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) return { ok: false, code: 'SESSION_EXPIRED' };
    throw error;
  }
  const session = await findSession(deps.db, claims.env, claims.sid);
  const app = session ? await getCustomerAppCached(deps.db, session.appId, deps.now) : undefined;
  if (!session || !app || session.appId !== claims.app)
    return { ok: false, code: 'SESSION_EXPIRED' };
  const active = session.status === 'active' && session.expiresAt > deps.now;
  if (active && !isPastCredentials(session.step)) {
    return {
      ok: true,
      kind: 'resumed',
      journey: await startedJourney(deps, claims.env, app, session),
    };
  }
  const target = session.mode === 'reconnect' ? app.reconnectRedirectUrl : app.redirectUrl;
  const kind = active ? 'signed_in' : 'ended';
  const oemName = session.oem ? (findOem(session.oem)?.name ?? null) : null;
  return {
    ok: true,
    kind,
    branding: brandingOf(app),
    oemName,
    exitUrl: buildRedirectUrl(target, errorParams('SESSION_EXPIRED', session)),
    copy: resumedElsewhereCopy(session.language, kind, { oemName, appName: app.appName }),
  };
}
