/**
 * The security headers of every response: pages (through proxy.ts, which knows the nonce Next renders
 * with), the REST API, static files, errors and 404s (through the custom server, before it delegates).
 * One module builds them so the two places cannot drift apart.
 */

/**
 * A fresh, unguessable CSP nonce: 16 random bytes, base64 (the charset CSP and Next accept). Web
 * Crypto, so the same code runs in the custom server and in Next's proxy whatever its runtime.
 */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface CspOptions {
  nonce: string;
  /** `next dev` evaluates code with eval() for hot reloading; production never does. */
  dev?: boolean;
  /**
   * Exact origins allowed to frame the page (a journey embedded by its app's allowed origins);
   * none by default.
   */
  frameAncestors?: readonly string[];
}

/**
 * The request header through which the custom server tells the page proxy which origins may frame
 * a journey page. The server always overwrites it, so a client cannot widen its own framing.
 */
export const FRAME_ANCESTORS_HEADER = 'x-aj-frame-ancestors';

/** Likewise, the origins a journey page may post its embedding messages to. */
export const EMBED_ORIGINS_HEADER = 'x-aj-embed-origins';

/** Parses the custom server's frame-ancestors (or embed origins) request header: space-separated exact origins. */
export function parseFrameAncestors(value: string | null | undefined): string[] {
  return (value ?? '').split(' ').filter((origin) => /^https?:\/\/[a-z0-9.:[\]-]+$/i.test(origin));
}

/**
 * A strict, nonce-based policy. Scripts run only with this response's nonce, and what they load
 * inherits trust through 'strict-dynamic' (Next's chunks), so no host list and no 'unsafe-inline'
 * for scripts. Styles allow 'unsafe-inline' because React writes `style` attributes (progress bars,
 * Next's route announcer), which a nonce cannot cover; style injection cannot run code. Images come
 * from this origin (app logos are fetched by the server and served from here) and data: URLs only. Nothing may frame the journey (clickjacking of a
 * password form) except the origins its app allows, <base> cannot be injected, forms post only to this origin, no plugins.
 */
/** The unframed policy split around its nonce, production and dev: built once each. */
const unframedPolicy: [[string, string]?, [string, string]?] = [];

export function buildContentSecurityPolicy({
  nonce,
  dev = false,
  frameAncestors = [],
}: CspOptions): string {
  if (frameAncestors.length > 0) return composePolicy(nonce, dev, frameAncestors);
  // The common case (nothing may frame the page) is the same text around each response's nonce.
  const [before, after] = (unframedPolicy[dev ? 1 : 0] ??= composePolicy('\u0000', dev, []).split(
    '\u0000',
  ) as [string, string]);
  return before + nonce + after;
}

function composePolicy(nonce: string, dev: boolean, frameAncestors: readonly string[]): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(dev ? ['ws:'] : [])],
    ['frame-src', "'none'"],
    ['frame-ancestors', ...(frameAncestors.length > 0 ? frameAncestors : ["'none'"])],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['object-src', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/**
 * True when the client reached us over HTTPS: either the public base URL says so (the deployment is
 * HTTPS-only behind a TLS terminator) or the terminating proxy says so for this request.
 */
export function isServedOverHttps(input: {
  forwardedProto?: string | string[] | null;
  publicBaseUrl?: string;
}): boolean {
  const forwarded = Array.isArray(input.forwardedProto)
    ? input.forwardedProto[0]
    : input.forwardedProto;
  // A chain of proxies lists protocols comma-separated; the first is the client's.
  if (forwarded?.split(',')[0]?.trim().toLowerCase() === 'https') return true;
  return input.publicBaseUrl?.toLowerCase().startsWith('https://') ?? false;
}

/** One year, subdomains included: the value browsers' preload lists expect. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/** Never stored by the browser, a proxy or the back/forward cache. */
export const NO_STORE = 'no-store';

/**
 * Everything is `no-store` except Next's content-hashed build assets: journey pages and API answers
 * carry one-time tokens and personal data, and a default that errs on the side of not caching cannot
 * be bypassed by an unusual path spelling.
 */
export function isNoStorePath(pathname: string): boolean {
  return !(pathname.startsWith('/_next/static/') || pathname.startsWith('/_next/image'));
}

/** Pages whose forms must also work before scripts run (posted natively by the browser). */
const NATIVE_FORM_PATHS = ['/dashboard', '/signup', '/login', '/invite/'];

/**
 * No referrer anywhere, except that the dashboard's pages send their own origin to themselves:
 * under `no-referrer` a browser posts a plain form with `Origin: null`, which the server action
 * screen rightly refuses. `same-origin` still sends nothing to any other site.
 */
export function referrerPolicyFor(pathname: string): string {
  return NATIVE_FORM_PATHS.some(
    (p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`),
  )
    ? 'same-origin'
    : 'no-referrer';
}

/**
 * The headers every response carries whatever produced it. The CSP is included so that API answers,
 * static files and Next's own error responses are covered too; pages get theirs replaced by
 * proxy.ts with the nonce Next actually rendered.
 */
export function baseSecurityHeaders(input: {
  nonce: string;
  https: boolean;
  pathname: string;
  dev?: boolean;
  frameAncestors?: readonly string[];
}): Record<string, string> {
  const framed = (input.frameAncestors?.length ?? 0) > 0;
  const headers: Record<string, string> = {
    'Content-Security-Policy': buildContentSecurityPolicy(input),
    'Referrer-Policy': referrerPolicyFor(input.pathname),
    'X-Content-Type-Options': 'nosniff',
  };
  // For browsers that predate frame-ancestors (which cannot name the allowed origins).
  if (!framed) headers['X-Frame-Options'] = 'DENY';
  if (input.https) headers['Strict-Transport-Security'] = HSTS_VALUE;
  if (isNoStorePath(input.pathname)) headers['Cache-Control'] = NO_STORE;
  return headers;
}
