import { randomFillSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseSecurityHeaders, isServedOverHttps } from './headers';

export interface ApplySecurityHeadersOptions {
  publicBaseUrl: string;
  dev?: boolean;
  /** Origins allowed to frame this response (journey pages of apps that embed); none by default. */
  frameAncestors?: readonly string[];
}

const NONCE_BYTES = 16;
const POOL_NONCES = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * A fresh CSP nonce (16 random bytes, base64, as createNonce), cut from a pool of random bytes that is
 * refilled from the CSPRNG every 256 nonces: every request of the custom server needs one, and one
 * random fill per request was a measurable share of an API request. No two nonces share a byte.
 */
export function pooledNonce(): string {
  if (poolOffset + NONCE_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(NONCE_BYTES * POOL_NONCES));
    poolOffset = 0;
  }
  const nonce = pool.toString('base64', poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/**
 * Called by the custom server for every request before it hands the request to the API or to Next,
 * so API answers, static files, 404s and error responses all carry the security headers. The nonce
 * also goes on the request (overwriting anything the client sent), so a page Next renders without
 * the proxy still gets scripts matching the response's policy; proxy.ts replaces both for pages.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: ApplySecurityHeadersOptions,
): void {
  const nonce = pooledNonce();
  const headers = baseSecurityHeaders({
    nonce,
    https: isServedOverHttps({
      forwardedProto: req.headers['x-forwarded-proto'],
      publicBaseUrl: options.publicBaseUrl,
    }),
    pathname: pathnameOf(req.url),
    dev: options.dev,
    frameAncestors: options.frameAncestors,
  });
  if (!headers['X-Frame-Options']) res.removeHeader('X-Frame-Options');
  for (const name in headers) res.setHeader(name, headers[name]!);
  req.headers['x-nonce'] = nonce;
  req.headers['content-security-policy'] = headers['Content-Security-Policy'];
}

function pathnameOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
