import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import { getCustomerAppCached } from '../customers/app-cache';
import { isLoopbackOrigin } from '../customers/url-policy';
import { TokenError, verifyLaunchToken, verifyReconnectToken, verifyResumeToken } from '../tokens';

export interface EmbedLookup {
  db: Db;
  appSecret: string;
  now?: Date;
}

const APP_ID = /^app_[A-Za-z0-9_-]{1,100}$/;

/**
 * The origins that may embed a journey: the app's allowed origins, loopback ones only for sandbox
 * journeys. Empty (framing refused) for an unknown app or any launch that will not open.
 */
export function embeddingOrigins(allowedOrigins: readonly string[], env: Environment): string[] {
  return allowedOrigins.filter((origin) => env === 'sandbox' || !isLoopbackOrigin(origin));
}

/** Which app and environment a journey page's URL opens, read the way the page itself reads it. */
async function journeyTarget(
  url: URL,
  deps: EmbedLookup,
): Promise<{ appId: string; env: Environment } | undefined> {
  const now = deps.now ?? new Date();
  const q = url.searchParams;
  try {
    if (url.pathname === '/journey') {
      // A journey's own address after launch: the app and environment it was opened for.
      const resume = q.get('resume');
      if (resume !== null) {
        const claims = await verifyResumeToken(resume, deps.appSecret, now);
        return { appId: claims.app, env: claims.env };
      }
      const launch = q.get('launch');
      if (launch !== null) {
        const claims = await verifyLaunchToken(launch, deps.appSecret, now);
        return { appId: claims.app, env: claims.env };
      }
      const appId = q.get('appId');
      // Unsigned launches open sandbox journeys only.
      if (
        appId === null ||
        !APP_ID.test(appId) ||
        (q.get('environment') ?? 'sandbox') !== 'sandbox'
      ) {
        return undefined;
      }
      return { appId, env: 'sandbox' };
    }
    if (url.pathname === '/journey/reconnect') {
      const token = q.get('token');
      if (token === null) return undefined;
      const claims = await verifyReconnectToken(token, deps.appSecret, now);
      const t = tablesFor(claims.env);
      const [row] = await deps.db
        .select({ appId: t.credentials.appId })
        .from(t.reconnectionLinks)
        .innerJoin(t.credentials, eq(t.credentials.id, t.reconnectionLinks.credentialId))
        .where(eq(t.reconnectionLinks.id, claims.jti))
        .limit(1);
      return row ? { appId: row.appId, env: claims.env } : undefined;
    }
  } catch (error) {
    if (error instanceof TokenError) return undefined;
    throw error;
  }
  return undefined;
}

export interface EmbedTargets {
  /** `frame-ancestors` sources; empty = 'none'. */
  frameAncestors: string[];
  /**
   * Where the journey may post its messages (to its parent frame or opener): the frame ancestors
   * and the origin of the URL the journey returns to.
   */
  messageOrigins: string[];
}

const NOWHERE: EmbedTargets = { frameAncestors: [], messageOrigins: [] };

/** Who may embed a journey page, and whom it may tell how it goes. */
export async function embedTargetsFor(url: URL, deps: EmbedLookup): Promise<EmbedTargets> {
  const target = await journeyTarget(url, deps);
  if (!target) return NOWHERE;
  // The same cached app the journey page itself reads (explicitly invalidated on every edit).
  const app = await getCustomerAppCached(deps.db, target.appId, deps.now ?? new Date());
  if (!app) return NOWHERE;
  const frameAncestors = embeddingOrigins(app.allowedOrigins, target.env);
  const returnTo = new URL(
    url.pathname === '/journey/reconnect' ? app.reconnectRedirectUrl : app.redirectUrl,
  );
  const returnOrigin = embeddingOrigins([returnTo.origin], target.env);
  return { frameAncestors, messageOrigins: [...new Set([...frameAncestors, ...returnOrigin])] };
}

/** Journey documents: the only pages that may ever be framed. */
export function isJourneyDocumentRequest(method: string | undefined, path: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    (path === '/journey' || path === '/journey/reconnect')
  );
}
