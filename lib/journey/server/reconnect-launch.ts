import type { CustomerAppWithCustomer } from '../../customers';
import { getCustomerAppCached } from '../../customers';
import { reconnectState } from '../machine';
import type { Branding } from '../views';
import type { OemInfo } from '../../oem/catalogue';
import { findOem } from '../../oem/catalogue';
import type { ReconnectClaims } from '../../tokens';
import { TokenError, verifyReconnectToken } from '../../tokens';
import { z } from 'zod';
import type { Environment } from '../../vocabulary';
import { ENVIRONMENTS } from '../../vocabulary';
import type { LaunchErrorCode } from '../errors';
import { buildRedirectUrl, errorParams } from '../redirect';
import {
  consumeReconnectionLink,
  deviceNamesOfCredential,
  findCredentialWithUser,
  findReconnectionLink,
} from './queries';
import type { JourneyDeps } from './step-context';
import type { LaunchOutcome } from './launch';
import { brandingFor } from './branding';
import { admitLaunch, openSession, startedJourney } from './launch';

/** What the page of a reconnection link shows before anything is consumed. */
export interface ReconnectionPreview {
  branding: Branding;
  oemName: string;
  /** The devices the expired connection served, to say which connection this is. */
  deviceNames: string[];
}

/** A link that cannot be used; when its app is known (used, expired), its branding and way back. */
export type LinkRefusal = {
  ok: false;
  code: LaunchErrorCode;
  app?: { branding: Branding; exitUrl: string };
};

export type PreviewOutcome = { ok: true; preview: ReconnectionPreview } | LinkRefusal;

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
): Promise<{ ok: true; link: UsableLink } | LinkRefusal> {
  if (typeof token !== 'string') return { ok: false, code: 'INVALID_LAUNCH' };
  let claims: ReconnectClaims;
  try {
    claims = await verifyReconnectToken(token, deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) {
      if (error.reason !== 'expired') return { ok: false, code: 'INVALID_LAUNCH' };
      return refusedWithApp(deps, 'LINK_EXPIRED', error.expiredClaims);
    }
    throw error;
  }
  const link = await findReconnectionLink(deps.db, claims.env, claims.jti);
  if (!link || link.credentialId !== claims.cred) return { ok: false, code: 'INVALID_LAUNCH' };
  if (link.usedAt) return refusedWithApp(deps, 'LINK_USED', claims);
  if (link.expiresAt <= deps.now) return refusedWithApp(deps, 'LINK_EXPIRED', claims);
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
 * A used or expired link still names its credential (its signature was good): the refusal carries
 * the app's branding and the way back to it (`status=error&error=LINK_USED|LINK_EXPIRED`).
 */
async function refusedWithApp(
  deps: JourneyDeps,
  code: 'LINK_USED' | 'LINK_EXPIRED',
  claims: unknown,
): Promise<LinkRefusal> {
  const known = reconnectClaimsSchema.safeParse(claims);
  if (!known.success) return { ok: false, code };
  const { env, cred } = known.data;
  const credential = await findCredentialWithUser(deps.db, env, cred);
  const app = credential
    ? await getCustomerAppCached(deps.db, credential.credential.appId, deps.now)
    : undefined;
  if (!credential || !app) return { ok: false, code };
  return {
    ok: false,
    code,
    app: {
      branding: await brandingFor(deps, app),
      exitUrl: buildRedirectUrl(
        app.reconnectRedirectUrl,
        errorParams(code, {
          userId: credential.userId,
          oem: credential.credential.oem,
          state: null,
        }),
      ),
    },
  };
}

const reconnectClaimsSchema = z.object({ env: z.enum(ENVIRONMENTS), cred: z.string().min(1) });

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
  const { app, oem, env, credentialId } = found.link;
  return {
    ok: true,
    preview: {
      branding: await brandingFor(deps, app),
      oemName: oem.name,
      deviceNames: await deviceNamesOfCredential(deps.db, env, credentialId),
    },
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
