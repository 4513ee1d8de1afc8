import type { IncomingMessage } from 'node:http';
import type { ApplySecurityHeadersOptions } from '../security/apply-headers';
import { pooledNonce } from '../security/apply-headers';
import { baseSecurityHeaders, isServedOverHttps } from '../security/headers';
import type { ServerHeaders } from './device-read';

/**
 * The custom server's security headers as applySecurityHeaders (lib/security) sets them on a response
 * it has not framed — the same names, values and order, a fresh nonce in the policy — but as a flat
 * list for the device-read fast path, which the server tries before it applies them and which writes
 * its answer in one writeHead. Reads the raw header list only (X-Forwarded-Proto), so the request's
 * parsed headers are never built.
 */
export function apiSecurityHeaders(
  options: Pick<ApplySecurityHeadersOptions, 'publicBaseUrl' | 'dev'>,
): ServerHeaders {
  return (req: IncomingMessage) => {
    const headers = baseSecurityHeaders({
      nonce: pooledNonce(),
      https: isServedOverHttps({
        forwardedProto: firstRawHeader(req.rawHeaders, 'x-forwarded-proto'),
        publicBaseUrl: options.publicBaseUrl,
      }),
      pathname: pathnameOf(req.url),
      dev: options.dev,
    });
    const list: string[] = [];
    for (const name in headers) list.push(name, headers[name]!);
    return list;
  };
}

/**
 * The first value of a header (lowercase `name`). node:http joins repeated ones with ", ", and
 * isServedOverHttps reads only the first comma-separated protocol: the first value's.
 */
function firstRawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const candidate = raw[i]!;
    if (candidate.length === name.length && candidate.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

function pathnameOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
