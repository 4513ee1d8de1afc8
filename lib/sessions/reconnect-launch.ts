import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Environment, EnvTables } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { CustomerAppWithCustomer } from '../customers';
import { getCustomerApp } from '../customers';
import { reconnectState } from '../journey/machine';
import type { Branding } from '../journey/views';
import type { OemInfo } from '../oem';
import { findOem } from '../oem';
import type { ReconnectClaims } from '../tokens';
import { TokenError, verifyReconnectToken } from '../tokens';
import type { SessionDeps } from './context';
import type { JourneyErrorCode } from './errors';
import type { LaunchOutcome } from './launch';
import { admitLaunch, openSession, startedJourney } from './launch';

/** What the page of a reconnection link shows before anything is consumed. */
export interface ReconnectionPreview {
  branding: Branding;
  oemName: string;
}

export type PreviewOutcome =
  { ok: true; preview: ReconnectionPreview } | { ok: false; code: JourneyErrorCode };

interface UsableLink {
  claims: ReconnectClaims;
  t: EnvTables;
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
  deps: SessionDeps,
  token: unknown,
): Promise<{ ok: true; link: UsableLink } | { ok: false; code: JourneyErrorCode }> {
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
  const t = tablesFor(claims.env);
  const [link] = await deps.db
    .select()
    .from(t.reconnectionLinks)
    .where(eq(t.reconnectionLinks.id, claims.jti));
  if (!link || link.credentialId !== claims.cred) return { ok: false, code: 'INVALID_LAUNCH' };
  if (link.usedAt) return { ok: false, code: 'LINK_USED' };
  if (link.expiresAt <= deps.now) return { ok: false, code: 'LINK_EXPIRED' };
  const [credential] = await deps.db
    .select({ credential: t.credentials, userId: t.endUsers.userId })
    .from(t.credentials)
    .innerJoin(t.endUsers, eq(t.endUsers.id, t.credentials.endUserId))
    .where(eq(t.credentials.id, claims.cred));
  const oem = credential ? findOem(credential.credential.oem) : undefined;
  const app = credential ? await getCustomerApp(deps.db, credential.credential.appId) : undefined;
  if (!credential || !oem || !app) return { ok: false, code: 'INVALID_LAUNCH' };
  if (claims.env === 'live' && !app.customer.liveEnabled)
    return { ok: false, code: 'LIVE_ACCESS_DISABLED' };
  return {
    ok: true,
    link: {
      claims,
      t,
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
  deps: SessionDeps,
  token: unknown,
): Promise<PreviewOutcome> {
  const found = await findUsableLink(deps, token);
  if (!found.ok) return found;
  const { app, oem } = found.link;
  return {
    ok: true,
    preview: { branding: { appName: app.appName, logoUrl: app.logoUrl }, oemName: oem.name },
  };
}

/**
 * Opens a reconnection journey from a `reconnectionUrl` (the person pressed Continue). The link is
 * signed, bound to one credential, valid 7 days and single use: it is consumed here, atomically.
 */
export async function launchReconnection(
  deps: SessionDeps,
  token: unknown,
): Promise<LaunchOutcome> {
  const found = await findUsableLink(deps, token);
  if (!found.ok) return found;
  const { claims, t, env, app, oem } = found.link;
  if (!(await admitLaunch(deps, app.id))) return { ok: false, code: 'LAUNCH_RATE_LIMITED' };
  const [consumed] = await deps.db
    .update(t.reconnectionLinks)
    .set({ usedAt: deps.now })
    .where(
      and(
        eq(t.reconnectionLinks.id, claims.jti),
        isNull(t.reconnectionLinks.usedAt),
        gt(t.reconnectionLinks.expiresAt, deps.now),
      ),
    )
    .returning();
  // Another request consumed it between the check and now.
  if (!consumed) return { ok: false, code: 'LINK_USED' };

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
