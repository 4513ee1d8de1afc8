import type { IncomingMessage } from 'node:http';
import type { ApplySecurityHeadersOptions } from '../security/apply-headers';
import { pooledNonce } from '../security/apply-headers';
import { baseSecurityHeaders, isServedOverHttps } from '../security/headers';
import type { ServerHeaders } from './device-read';

/** Stands for the nonce in a cached list; header values never hold it (node:http refuses NUL). */
const NONCE = '\u0000';
/** Lists kept per scheme and path: a polling client reads the same few devices over and over. */
const MAX_TEMPLATES = 512;

/**
 * The custom server's security headers as applySecurityHeaders (lib/security) sets them on a response
 * it has not framed — the same names, values and order, a fresh nonce in the policy — but as a flat
 * list for the device-read fast path, which the server tries before it applies them and which writes
 * its answer in one writeHead. Reads the raw header list only (X-Forwarded-Proto), so the request's
 * parsed headers are never built. The headers are a pure function of the scheme, the path and the
 * nonce: each (scheme, path) is composed once, with a stand-in for the nonce, and each answer gets
 * the list with its own nonce put in.
 */
export function apiSecurityHeaders(
  options: Pick<ApplySecurityHeadersOptions, 'publicBaseUrl' | 'dev'>,
): ServerHeaders {
  const templates = new Map<string, string[][]>();
  const templateFor = (https: boolean, pathname: string): string[][] => {
    const id = `${https ? 's' : ''}:${pathname}`;
    let template = templates.get(id);
    if (!template) {
      const headers = baseSecurityHeaders({ nonce: NONCE, https, pathname, dev: options.dev });
      template = [];
      for (const name in headers) template.push([name], headers[name]!.split(NONCE));
      if (templates.size >= MAX_TEMPLATES) templates.clear();
      templates.set(id, template);
    }
    return template;
  };
  return (req: IncomingMessage) => {
    const https = isServedOverHttps({
      forwardedProto: firstRawHeader(req.rawHeaders, 'x-forwarded-proto'),
      publicBaseUrl: options.publicBaseUrl,
    });
    const template = templateFor(https, pathnameOf(req.url));
    let nonce: string | undefined;
    const list: string[] = [];
    for (const parts of template) {
      if (parts.length === 1) list.push(parts[0]!);
      else list.push(parts.join((nonce ??= pooledNonce())));
    }
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
