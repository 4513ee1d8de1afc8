import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLinkScript, serveLinkScript } from './script';

const script = loadLinkScript();
let base = '';
const server = createServer((req, res) => {
  if (!serveLinkScript(script, req, res)) {
    res.writeHead(404);
    res.end();
  }
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('/link.js', () => {
  it('weighs at most 3 KB gzipped', () => {
    expect(script.gzipped.length).toBeLessThanOrEqual(3 * 1024);
  });

  it('is served gzipped to clients that accept it, with CORS for integrity checks', async () => {
    const res = await fetch(`${base}/link.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    // fetch decompresses; the bytes are the script's.
    expect(Buffer.from(await res.arrayBuffer()).equals(script.body)).toBe(true);
    expect(gunzipSync(script.gzipped).equals(script.body)).toBe(true);
  });

  it('has a versioned path cached for a year, and answers 304 to its ETag', async () => {
    expect(script.versionedPath).toMatch(/^\/link-[0-9a-f]{12}\.js$/);
    const res = await fetch(`${base}${script.versionedPath}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(script.etag);
    await res.arrayBuffer();
    const again = await fetch(`${base}${script.versionedPath}`, {
      headers: { 'if-none-match': script.etag },
    });
    expect(again.status).toBe(304);
  });

  it('answers only GET and HEAD, and only its own paths', async () => {
    expect((await fetch(`${base}/link.js`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${base}/link.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await fetch(`${base}/link-000000000000.js`)).status).toBe(404);
  });

  it('the versioned URL and integrity published in docs/embedding.md are the current ones', () => {
    const docs = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
    expect(docs).toContain(`${script.versionedPath}"`);
    expect(docs).toContain(`integrity="${script.integrity}"`);
  });
});
