import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** `/link.js`: the embedding script, served as written (no build step), from memory. */
export interface LinkScript {
  body: Buffer;
  gzipped: Buffer;
  /** Subresource Integrity value of `body`, for `<script integrity>`. */
  integrity: string;
  /** The long-cached, content-addressed path: a new version is a new URL. */
  versionedPath: string;
  etag: string;
}

const SOURCE = new URL('./link.js', import.meta.url);
const SHORT_CACHE = 'public, max-age=300';
const LONG_CACHE = 'public, max-age=31536000, immutable';

export function loadLinkScript(body: Buffer = readFileSync(SOURCE)): LinkScript {
  const sha256 = createHash('sha256').update(body).digest('hex');
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    versionedPath: `/link-${sha256.slice(0, 12)}.js`,
    etag: `"${sha256.slice(0, 32)}"`,
  };
}

/**
 * Answers `/link.js` (short cache: always the current version) and its versioned path (cached for a
 * year). Returns false for any other path. Other origins load it with `crossorigin="anonymous"` so
 * the browser can check its integrity, hence the CORS header.
 */
export function serveLinkScript(
  script: LinkScript,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path !== '/link.js' && path !== script.versionedPath) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed.');
    return true;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const headers: Record<string, string> = {
    'cache-control': path === '/link.js' ? SHORT_CACHE : LONG_CACHE,
    'content-type': 'text/javascript; charset=utf-8',
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
    etag: script.etag,
    vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === script.etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const body = gzip ? script.gzipped : script.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
