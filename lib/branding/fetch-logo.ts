import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { classifyAddress, isAllowedAddress } from '../webhooks/address-safety';
import { safeLookup } from '../webhooks/sender';
import type { ResolveHost } from '../webhooks/url-check';
import { resolveHost } from '../webhooks/url-check';

/** A logo larger than this is refused (the journey shows the app's initial instead). */
export const MAX_LOGO_BYTES = 256 * 1024;
/** The whole fetch — connect, answer and body — must finish within this. */
export const LOGO_FETCH_TIMEOUT_MS = 3000;

/**
 * Image types a logo may have. SVG is refused: it is a document that can carry scripts and links,
 * and the journey serves what it fetched from its own origin.
 */
export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];

export type LogoFetchResult =
  | { ok: true; contentType: LogoContentType; body: Buffer; sha256: string }
  | { ok: false; reason: string };

export interface LogoFetchOptions {
  resolve?: ResolveHost;
  /**
   * A developer's machine (WEBHOOK_ALLOW_PRIVATE): loopback and private addresses, and plain http
   * to them, are allowed. Link-local and metadata addresses never are.
   */
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export type FetchLogo = (url: string, options?: LogoFetchOptions) => Promise<LogoFetchResult>;

/** The first bytes each accepted type starts with: the body must be what its header says. */
function looksLike(type: LogoContentType, body: Buffer): boolean {
  switch (type) {
    case 'image/png':
      return body
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/jpeg':
      return body.length > 3 && body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff;
    case 'image/webp':
      return (
        body.subarray(0, 4).toString('latin1') === 'RIFF' &&
        body.subarray(8, 12).toString('latin1') === 'WEBP'
      );
  }
}

function contentTypeOf(header: string | undefined): LogoContentType | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return (LOGO_CONTENT_TYPES as readonly string[]).includes(type ?? '')
    ? (type as LogoContentType)
    : undefined;
}

/**
 * Fetches a Customer App's logo from the server, never from the person's browser, with the webhook
 * sender's SSRF defences: the host is resolved once and every address must be public (a sandbox
 * developer's loopback/private addresses only with `allowPrivate`), the connection goes to the
 * checked address and the connected socket is judged again; no redirects, a total timeout, a byte
 * cap, an image content type whose bytes match it. Never throws: a refusal says why.
 */
export const fetchLogo: FetchLogo = async (raw, options = {}) => {
  const allowPrivate = options.allowPrivate ?? false;
  const maxBytes = options.maxBytes ?? MAX_LOGO_BYTES;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, reason: 'not https' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL' };
  const literal = classifyAddress(url.hostname);
  if (literal !== undefined && !isAllowedAddress(url.hostname, 'sandbox', allowPrivate)) {
    return { ok: false, reason: 'address not allowed' };
  }
  const transport = url.protocol === 'https:' ? https : http;
  const lookup = safeLookup('sandbox', options.resolve ?? resolveHost, allowPrivate);
  return new Promise<LogoFetchResult>((done) => {
    let settled = false;
    const finish = (result: LogoFetchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      done(result);
    };
    const request = transport.get(url, {
      lookup,
      agent: false,
      headers: { accept: LOGO_CONTENT_TYPES.join(', '), 'user-agent': 'AuthJourney-LogoFetcher' },
    });
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'timed out' }),
      options.timeoutMs ?? LOGO_FETCH_TIMEOUT_MS,
    );
    request.on('socket', (socket: Socket) => {
      const judge = () => {
        const address = socket.remoteAddress;
        if (address === undefined || !isAllowedAddress(address, 'sandbox', allowPrivate)) {
          finish({ ok: false, reason: 'address not allowed' });
        }
      };
      if (socket.connecting) socket.once('connect', judge);
      else judge();
    });
    request.on('error', (error: Error) =>
      finish({
        ok: false,
        reason: error.name === 'BlockedAddressError' ? 'address not allowed' : 'unreachable',
      }),
    );
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        finish({ ok: false, reason: `answered HTTP ${response.statusCode ?? 'without a status'}` });
        return;
      }
      const contentType = contentTypeOf(response.headers['content-type']);
      if (!contentType) {
        finish({ ok: false, reason: 'not a PNG, JPEG or WebP image' });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish({ ok: false, reason: `larger than ${maxBytes} bytes` });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) finish({ ok: false, reason: `larger than ${maxBytes} bytes` });
        else chunks.push(chunk);
      });
      response.on('error', () => finish({ ok: false, reason: 'unreachable' }));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        if (!looksLike(contentType, body)) {
          finish({ ok: false, reason: `not a ${contentType} image` });
          return;
        }
        finish({
          ok: true,
          contentType,
          body,
          sha256: createHash('sha256').update(body).digest('hex'),
        });
      });
    });
  });
};
