import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from '../oem';
import type { ApplySecurityHeadersOptions } from '../security/apply-headers';
import { applySecurityHeaders } from '../security/apply-headers';
import type { ServerHeaders } from './device-read';
import { apiSecurityHeaders } from './server-headers';

/**
 * The fast path's copy of the server's security headers must be what applySecurityHeaders sets: the
 * same names, values (but for the nonce) and order, whatever the scheme says.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler;
const server = createServer((req, res) => handler(req, res));
let port: number;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
});

/** One raw request (repeated headers stay repeated), answered by `handle`. */
async function exchange(target: string, headers: [string, string][], handle: Handler) {
  handler = handle;
  const socket = connect(port, '127.0.0.1');
  const lines = [`GET ${target} HTTP/1.1`, 'Host: localhost', 'Connection: close'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
  socket.resume();
  await once(socket, 'close');
}

const withoutNonce = (value: string) => value.replace(/'nonce-[^']+'/, "'nonce-…'");

/** One instance per options object, as a server has: its cached lists serve every later request. */
const instances = new Map<ApplySecurityHeadersOptions, ServerHeaders>();
const instanceFor = (options: ApplySecurityHeadersOptions) => {
  let instance = instances.get(options);
  if (!instance) instances.set(options, (instance = apiSecurityHeaders(options)));
  return instance;
};

/** [name, value, …] as each builds them for the same request, nonces blanked. */
async function bothFor(
  target: string,
  headers: [string, string][],
  options: ApplySecurityHeadersOptions,
) {
  let fast: string[] = [];
  let applied: string[] = [];
  await exchange(target, headers, (req, res) => {
    // Names as node:http keeps them (lowercase), in the order they were set.
    fast = (instanceFor(options)(req) ?? []).map((item, i) =>
      i % 2 === 0 ? item.toLowerCase() : item,
    );
    applySecurityHeaders(req, res, options);
    applied = res.getHeaderNames().flatMap((name) => [name, String(res.getHeader(name))]);
    res.writeHead(204).end();
  });
  return { fast: fast.map(withoutNonce), applied: applied.map(withoutNonce), raw: fast };
}

describe('apiSecurityHeaders', () => {
  const http = { publicBaseUrl: 'http://127.0.0.1:3000' };
  const https = { publicBaseUrl: 'https://journey.example.com' };

  it('gives every device path the headers applySecurityHeaders sets', async () => {
    for (const type of DEVICE_TYPES) {
      const { fast, applied } = await bothFor(`/api/${type}/dev_1`, [], http);
      expect(fast, type).toEqual(applied);
      expect(fast).toContain('content-security-policy');
      expect(fast).not.toContain('strict-transport-security');
    }
  });

  it('follows the scheme: the public base URL, the proxy’s first protocol, dev', async () => {
    const cases: [ApplySecurityHeadersOptions, [string, string][], boolean][] = [
      [https, [], true],
      [http, [['X-Forwarded-Proto', 'https']], true],
      [http, [['x-forwarded-proto', 'HTTPS, http']], true],
      [http, [['X-Forwarded-Proto', 'http, https']], false],
      // Repeated: node:http joins them, the first one counts.
      [
        http,
        [
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Proto', 'http'],
        ],
        true,
      ],
      [
        http,
        [
          ['X-Forwarded-Proto', 'http'],
          ['X-Forwarded-Proto', 'https'],
        ],
        false,
      ],
      [{ ...http, dev: true }, [], false],
    ];
    // Twice: composed the first time, from the cached lists the second.
    for (const [options, headers, hsts] of [...cases, ...cases]) {
      const { fast, applied } = await bothFor('/api/vehicle/dev_1', headers, options);
      const label = JSON.stringify([options, headers]);
      expect(fast, label).toEqual(applied);
      expect(fast.includes('strict-transport-security'), label).toBe(hsts);
    }
  });

  it('puts a fresh nonce in every policy', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { raw } = await bothFor('/api/vehicle/dev_1', [], http);
      const policy = raw[raw.indexOf('content-security-policy') + 1]!;
      nonces.add(/'nonce-([^']+)'/.exec(policy)![1]!);
    }
    expect(nonces.size).toBe(3);
  });
});
