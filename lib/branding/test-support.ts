import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A PNG signature and a minimal header: enough bytes to be recognised as PNG. */
export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

/**
 * A local image host for logo tests (plain http on loopback: the fetcher accepts it only with
 * allowPrivate, as on a developer's machine). Counts the requests per path.
 */
export async function startLogoServer(): Promise<{
  base: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    switch (path) {
      case '/logo.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_BYTES);
        return;
      case '/big.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.concat([PNG_BYTES, Buffer.alloc(300 * 1024)]));
        return;
      case '/logo.svg':
        res
          .writeHead(200, { 'content-type': 'image/svg+xml' })
          .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        return;
      case '/page.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>');
        return;
      case '/moved.png':
        res.writeHead(302, { location: '/logo.png' }).end();
        return;
      case '/slow.png':
        // Never answers: the fetcher's timeout ends it.
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
