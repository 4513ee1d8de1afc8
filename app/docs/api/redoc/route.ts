import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The API reference renderer (Redoc's standalone bundle), served from our own origin: no CDN. */
let bundle: Promise<Buffer> | undefined;

export async function GET() {
  bundle ??= readFile(
    path.join(process.cwd(), 'node_modules', 'redoc', 'bundles', 'redoc.standalone.js'),
  );
  return new Response(new Uint8Array(await bundle), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
  });
}
