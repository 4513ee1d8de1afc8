/**
 * What a Customer App may register as a redirect or logo URL.
 *
 * End users are sent to these URLs with journey results in the query string, so they must be exact,
 * absolute web addresses: http(s) only (no `javascript:`, `data:`, `ftp:`), no embedded credentials, no
 * fragment (the journey appends query parameters; a fragment would hide them from the customer's
 * server), and https except for loopback hosts, where customers develop against plain http. In
 * production every customer redirect is https.
 */

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Hosts on which plain http is accepted (a developer's own machine). */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

const MAX_URL_LENGTH = 2048;

/** Checks an app URL (redirect, reconnect redirect or logo); returns its normalised form. */
export function checkAppUrl(raw: string): UrlCheck {
  if (raw.length === 0) return { ok: false, reason: 'is required' };
  if (raw.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `must be at most ${MAX_URL_LENGTH} characters` };
  }
  // The URL parser silently drops tabs, newlines and surrounding spaces; refuse them instead so what
  // is stored is what the operator meant.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) {
    return { ok: false, reason: 'must not contain spaces or control characters' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  // `https:example.com` parses as `https://example.com/`; insist on the unambiguous form.
  if (!raw.toLowerCase().startsWith(`${url.protocol}//`)) {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(raw)) {
    return { ok: false, reason: 'must not contain credentials' };
  }
  // `url.hash` is empty for a bare trailing `#`, so look at the raw text.
  if (raw.includes('#')) return { ok: false, reason: 'must not contain a fragment' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, reason: 'must use https (http is allowed only for localhost)' };
  }
  return { ok: true, url: url.href };
}

/**
 * Checks a logo URL: an app URL that is https even on localhost. The journey never loads it from the
 * person's browser: the server fetches it (docs/journey.md, "Your logo") and serves a copy.
 */
export function checkLogoUrl(raw: string): UrlCheck {
  const check = checkAppUrl(raw);
  if (!check.ok) return check;
  if (!check.url.startsWith('https://')) return { ok: false, reason: 'must use https' };
  return check;
}

/**
 * Checks an origin allowed to embed the journey (frame it, receive its messages): an exact
 * `scheme://host[:port]`, https except for loopback hosts, no path, query or wildcard. Returns the
 * origin in its serialised form (lower-case host, default port dropped), as browsers compare it.
 */
export function checkAllowedOrigin(raw: string): UrlCheck {
  if (raw.includes('*')) return { ok: false, reason: 'must be an exact origin (no wildcards)' };
  const check = checkAppUrl(raw);
  if (!check.ok) return check;
  const url = new URL(check.url);
  if (url.pathname !== '/' || url.search !== '' || /^[a-z]+:\/\/[^/?#]*[/?]./i.test(raw)) {
    return {
      ok: false,
      reason: 'must be an origin such as https://app.example.com (no path or query)',
    };
  }
  return { ok: true, url: url.origin };
}

/** True for an origin of a developer's own machine (allowed to embed sandbox journeys only). */
export function isLoopbackOrigin(origin: string): boolean {
  return origin.startsWith('http://');
}
