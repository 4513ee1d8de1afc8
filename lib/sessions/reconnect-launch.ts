import { and, eq, gt, isNull } from 'drizzle-orm';
import { tablesFor } from '../db/schema';
import { getCustomerApp } from '../customers';
import { reconnectState } from '../journey/machine';
import { findOem } from '../oem';
import { TokenError, verifyReconnectToken } from '../tokens';
import type { SessionDeps } from './context';
import type { LaunchOutcome } from './launch';
import { openSession, startedJourney } from './launch';

/**
 * Opens a reconnection journey from a `reconnectionUrl`. The link is signed, bound to one
 * credential, valid 7 days and single use: it is consumed here, atomically, on the first visit.
 */
export async function launchReconnection(
  deps: SessionDeps,
  token: unknown,
): Promise<LaunchOutcome> {
  let claims;
  try {
    claims = await verifyReconnectToken(String(token ?? ''), deps.config.appSecret, deps.now);
  } catch (error) {
    if (error instanceof TokenError) {
      return { ok: false, code: error.reason === 'expired' ? 'LINK_EXPIRED' : 'INVALID_LAUNCH' };
    }
    throw error;
  }
  const t = tablesFor(claims.env);
  const [link] = await deps.db
    .update(t.reconnectionLinks)
    .set({ usedAt: deps.now })
    .where(
      and(
        eq(t.reconnectionLinks.id, claims.jti),
        eq(t.reconnectionLinks.credentialId, claims.cred),
        isNull(t.reconnectionLinks.usedAt),
        gt(t.reconnectionLinks.expiresAt, deps.now),
      ),
    )
    .returning();
  if (!link) {
    const [existing] = await deps.db
      .select()
      .from(t.reconnectionLinks)
      .where(eq(t.reconnectionLinks.id, claims.jti));
    if (!existing) return { ok: false, code: 'INVALID_LAUNCH' };
    return { ok: false, code: existing.usedAt ? 'LINK_USED' : 'LINK_EXPIRED' };
  }
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

  const session = await openSession(deps, claims.env, app, {
    userId: credential.userId,
    state: null,
    credentialId: credential.credential.id,
    journeyState: reconnectState({
      deviceType: oem.deviceType,
      oem: oem.id,
      authMethods: oem.authMethods,
    }),
  });
  const [withAccount] = await deps.db
    .update(t.journeySessions)
    .set({ accountRef: credential.credential.accountRef })
    .where(eq(t.journeySessions.id, session.id))
    .returning();
  return { ok: true, journey: await startedJourney(deps, claims.env, app, withAccount ?? session) };
}
