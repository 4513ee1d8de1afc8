import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ActionRequestHead } from './action-request';
import { isActionRequest, screenActionRequest, screenBody, screenHead } from './action-request';

const head = (overrides: Partial<ActionRequestHead> = {}): ActionRequestHead => ({
  method: 'POST',
  nextAction: '7f'.repeat(21),
  contentType: 'text/plain;charset=UTF-8',
  contentLength: '20',
  origin: 'http://127.0.0.1:3000',
  host: '127.0.0.1:3000',
  ...overrides,
});

describe('isActionRequest', () => {
  it('recognises the client runtime’s calls and forms posted without scripts', () => {
    expect(isActionRequest(head())).toBe(true);
    expect(
      isActionRequest(
        head({ nextAction: undefined, contentType: 'multipart/form-data; boundary=x' }),
      ),
    ).toBe(true);
    expect(isActionRequest(head({ method: 'GET' }))).toBe(false);
    expect(isActionRequest(head({ nextAction: undefined, contentType: 'application/json' }))).toBe(
      false,
    );
  });
});

describe('screenHead', () => {
  it('lets a same-origin call with a sane length through', () => {
    expect(screenHead(head())).toEqual({ ok: true });
  });
  it.each([
    ['no Origin', { origin: undefined }, 403],
    ['the null Origin', { origin: 'null' }, 403],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['a look-alike Origin', { origin: 'http://127.0.0.1:3000.evil.example' }, 403],
    ['no Content-Length', { contentLength: undefined }, 411],
    ['a malformed Content-Length', { contentLength: '12abc' }, 400],
    ['a negative Content-Length', { contentLength: '-1' }, 400],
    ['an oversized body', { contentLength: String(17 * 1024) }, 413],
  ] as const)('refuses %s', (_, overrides, status) => {
    expect(screenHead(head(overrides))).toMatchObject({ ok: false, status });
  });
});

describe('screenBody', () => {
  const text = 'text/plain;charset=UTF-8';
  const multipart = 'multipart/form-data; boundary=----b0und';

  it.each([
    [text, '["token",{"id":"vehicle"}]'],
    [text, '[]'],
    [
      multipart,
      '------b0und\r\nContent-Disposition: form-data; name="1"\r\n\r\nx\r\n------b0und--\r\n',
    ],
    ['application/x-www-form-urlencoded', 'a=1&b=2'],
  ])('accepts a well-formed %s body', (type, body) => {
    expect(screenBody(type, Buffer.from(body))).toEqual({ ok: true });
  });

  it.each([
    ['truncated JSON', text, '["token",'],
    ['not JSON', text, 'hello'],
    ['a JSON object, not an argument list', text, '{"a":1}'],
    ['invalid UTF-8', text, Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d])],
    ['multipart without a boundary parameter', 'multipart/form-data', '--x--'],
    [
      'multipart cut short',
      multipart,
      '------b0und\r\nContent-Disposition: form-data; name="1"\r\n',
    ],
    ['another content type', 'application/json', '[]'],
    ['no content type', undefined, '[]'],
  ])('refuses %s with 400', (_, type, body) => {
    expect(screenBody(type, Buffer.isBuffer(body) ? body : Buffer.from(body))).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe('screenActionRequest on a real server', () => {
  /** A server that screens each request and echoes the body Next would read from the hand-off. */
  async function withEchoServer(run: (base: string) => Promise<void>) {
    const server = createServer((req, res) => {
      void screenActionRequest(req).then(async (screened) => {
        if (!screened.ok) {
          res.writeHead(screened.status);
          res.end(screened.message);
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of screened.req as AsyncIterable<Buffer>) chunks.push(chunk);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await run(`http://127.0.0.1:${port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('hands on a screened call whose body reads again, and keeps the connection usable', async () => {
    await withEchoServer(async (base) => {
      const headers = {
        'next-action': '7f'.repeat(21),
        'content-type': 'text/plain;charset=UTF-8',
        origin: base,
      };
      for (const body of ['["token",{"id":"vehicle"}]', '[1,2,3]']) {
        const response = await fetch(`${base}/journey`, { method: 'POST', headers, body });
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(body);
      }
      const refused = await fetch(`${base}/journey`, {
        method: 'POST',
        headers: { ...headers, origin: 'https://evil.example' },
        body: '[]',
      });
      expect(refused.status).toBe(403);
      const plain = await fetch(`${base}/journey`, { method: 'POST', body: 'not an action' });
      expect(await plain.text()).toBe('not an action');
    });
  });
});
