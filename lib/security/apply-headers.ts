import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseSecurityHeaders, createNonce, isServedOverHttps } from './headers';

export interface ApplySecurityHeadersOptions {
  publicBaseUrl: string;
  dev?: boolean;
  /** Origins allowed to frame this response (journey pages of apps that embed); none by default. */
  frameAncestors?: readonly string[];
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
  const nonce = createNonce();
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
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  req.headers['x-nonce'] = nonce;
  req.headers['content-security-policy'] = headers['Content-Security-Policy'];
}

function pathnameOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
