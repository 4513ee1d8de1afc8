import type { CustomerAppWithCustomer } from '../../customers';
import { getCustomerAppCached } from '../../customers';
import { reconnectState } from '../machine';
import type { Branding } from '../views';
import type { OemInfo } from '../../oem/catalogue';
import { findOem } from '../../oem/catalogue';
import type { ReconnectClaims } from '../../tokens';
import { TokenError, verifyReconnectToken } from '../../tokens';
import type { Environment } from '../../vocabulary';
import type { LaunchErrorCode } from '../errors';
import { consumeReconnectionLink, findCredentialWithUser, findReconnectionLink } from './queries';
import type { JourneyDeps } from './step-context';
import type { LaunchOutcome } from './launch';
import { brandingFor } from './branding';
import { admitLaunch, openSession, startedJourney } from './launch';

/** What the page of a reconnection link shows before anything is consumed. */
export interface ReconnectionPreview {
  branding: Branding;
  oemName: string;
}

export type PreviewOutcome =
  { ok: true; preview: ReconnectionPreview } | { ok: false; code: LaunchErrorCode };

interface UsableLink {
  claims: ReconnectClaims;
  env: Environment;
  credentialId: string;
  accountRef: string;
  userId: string;
  oem: OemInfo;
  app: CustomerAppWithCustomer;
}

/**
 * Checks a `reconnectionUrl`'s token and the link it names without changing anything: signature and
 * expiry, not used yet, the credential, its OEM and app still there, live access where needed.
 */
async function findUsableLink(
  deps: JourneyDeps,
  token: unknown,
): Promise<{ ok: true; link: UsableLink } | { ok: false; code: LaunchErrorCode }> {
  if (typeof token !== 'string') return { ok: false, code: 'INVALID_LAUNCH' };
  let claims: ReconnectClaims;
  try {
    claims = await verifyReconnectToken(token, deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) {
      return { ok: false, code: error.reason === 'expired' ? 'LINK_EXPIRED' : 'INVALID_LAUNCH' };
    }
    throw error;
  }
  const link = await findReconnectionLink(deps.db, claims.env, claims.jti);
  if (!link || link.credentialId !== claims.cred) return { ok: false, code: 'INVALID_LAUNCH' };
  if (link.usedAt) return { ok: false, code: 'LINK_USED' };
  if (link.expiresAt <= deps.now) return { ok: false, code: 'LINK_EXPIRED' };
  const credential = await findCredentialWithUser(deps.db, claims.env, claims.cred);
  const oem = credential ? findOem(credential.credential.oem) : undefined;
  const app = credential
    ? await getCustomerAppCached(deps.db, credential.credential.appId, deps.now)
    : undefined;
  if (!credential || !oem || !app) return { ok: false, code: 'INVALID_LAUNCH' };
  if (claims.env === 'live' && !app.customer.liveEnabled)
    return { ok: false, code: 'LIVE_ACCESS_DISABLED' };
  return {
    ok: true,
    link: {
      claims,
      env: claims.env,
      credentialId: credential.credential.id,
      accountRef: credential.credential.accountRef,
      userId: credential.userId,
      oem,
      app,
    },
  };
}

/**
 * The page of a reconnection link: it only reads. Mail scanners and link previews fetch links, so a
 * GET must not use the link up; the person's **Continue** does (`launchReconnection`).
 */
export async function previewReconnection(
  deps: JourneyDeps,
  token: unknown,
): Promise<PreviewOutcome> {
  const found = await findUsableLink(deps, token);
  if (!found.ok) return found;
  const { app, oem } = found.link;
  return {
    ok: true,
    preview: { branding: await brandingFor(deps, app), oemName: oem.name },
  };
}

/**
 * Opens a reconnection journey from a `reconnectionUrl` (the person pressed Continue). The link is
 * signed, bound to one credential, valid 7 days and single use: it is consumed here, atomically.
 */
export async function launchReconnection(
  deps: JourneyDeps,
  token: unknown,
): Promise<LaunchOutcome> {
  const found = await findUsableLink(deps, token);
  if (!found.ok) return found;
  const { claims, env, app, oem } = found.link;
  if (!(await admitLaunch(deps, app.id))) return { ok: false, code: 'LAUNCH_RATE_LIMITED' };
  // Another request may have consumed it between the check and now.
  if (!(await consumeReconnectionLink(deps.db, env, claims.jti, deps.now)))
    return { ok: false, code: 'LINK_USED' };

  const session = await openSession(deps, env, app, {
    userId: found.link.userId,
    state: null,
    credentialId: found.link.credentialId,
    accountRef: found.link.accountRef,
    journeyState: reconnectState({
      deviceType: oem.deviceType,
      oem: oem.id,
      authMethods: oem.authMethods,
    }),
  });
  return { ok: true, journey: await startedJourney(deps, env, app, session) };
}
