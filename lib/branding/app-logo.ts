import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appLogos } from '../db/schema';
import type { FetchLogo, LogoFetchOptions } from './fetch-logo';
import { fetchLogo as defaultFetchLogo } from './fetch-logo';

/** A logo copy is fetched again after a day (the app may have changed the image behind its URL)… */
export const LOGO_REFRESH_MS = 24 * 60 * 60 * 1000;
/** …and a URL that failed is tried again after ten minutes, not on every launch. */
export const LOGO_RETRY_MS = 10 * 60 * 1000;

export interface LogoDeps {
  db: Db;
  now: Date;
  fetchLogo?: FetchLogo;
  fetchOptions?: LogoFetchOptions;
}

/** Look-ups in flight, by app and URL: journeys launched together share one fetch of the logo. */
const inFlight = new Map<string, Promise<string | null>>();

/** The path the journey shows an app's logo at: our origin, versioned by the image's hash. */
export function servedLogoPath(appId: string, sha256: string): string {
  return `/journey/logo/${encodeURIComponent(appId)}?v=${sha256.slice(0, 16)}`;
}

/**
 * The same-origin URL of an app's logo, fetching (or refreshing) the copy when it is missing, stale
 * or of another URL; null — the journey shows the app's initial — when the app has no logo or its
 * URL cannot be fetched as a small PNG, JPEG or WebP image.
 */
export function appLogoPath(
  deps: LogoDeps,
  app: { id: string; logoUrl: string | null },
): Promise<string | null> {
  const url = app.logoUrl;
  if (!url) return Promise.resolve(null);
  const key = `${app.id}\0${url}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = resolveLogo(deps, app.id, url).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function resolveLogo(deps: LogoDeps, appId: string, logoUrl: string): Promise<string | null> {
  const app = { id: appId, logoUrl };
  const [copy] = await deps.db.select().from(appLogos).where(eq(appLogos.appId, app.id));
  const age = copy ? deps.now.getTime() - copy.fetchedAt.getTime() : Infinity;
  const current = copy?.sourceUrl === app.logoUrl;
  if (copy && current && copy.sha256 && age < LOGO_REFRESH_MS) {
    return servedLogoPath(app.id, copy.sha256);
  }
  if (copy && current && !copy.sha256 && age < LOGO_RETRY_MS) return null;
  const result = await (deps.fetchLogo ?? defaultFetchLogo)(logoUrl, deps.fetchOptions);
  const row = result.ok
    ? {
        sourceUrl: app.logoUrl,
        contentType: result.contentType,
        body: result.body.toString('base64'),
        sha256: result.sha256,
        failure: null,
        fetchedAt: deps.now,
      }
    : {
        sourceUrl: app.logoUrl,
        // A refresh that fails keeps serving the copy it had of the same URL.
        ...(current && copy?.sha256
          ? { contentType: copy.contentType, body: copy.body, sha256: copy.sha256 }
          : { contentType: null, body: null, sha256: null }),
        failure: result.reason,
        fetchedAt: deps.now,
      };
  await deps.db
    .insert(appLogos)
    .values({ appId: app.id, ...row })
    .onConflictDoUpdate({ target: appLogos.appId, set: row });
  return row.sha256 ? servedLogoPath(app.id, row.sha256) : null;
}

/** The stored image of an app's logo, for the route that serves it; null when there is none. */
export async function readAppLogo(
  db: Db,
  appId: string,
): Promise<{ contentType: string; body: Buffer; sha256: string } | null> {
  const [copy] = await db
    .select({
      contentType: appLogos.contentType,
      body: appLogos.body,
      sha256: appLogos.sha256,
      logoUrl: sql<
        string | null
      >`(select logo_url from customer_apps where id = ${appLogos.appId})`,
      sourceUrl: appLogos.sourceUrl,
    })
    .from(appLogos)
    .where(eq(appLogos.appId, appId));
  // A copy of a URL the app no longer uses is not served.
  if (!copy?.body || !copy.contentType || !copy.sha256 || copy.logoUrl !== copy.sourceUrl) {
    return null;
  }
  return {
    contentType: copy.contentType,
    body: Buffer.from(copy.body, 'base64'),
    sha256: copy.sha256,
  };
}
