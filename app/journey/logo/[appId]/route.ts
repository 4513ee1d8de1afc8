import { readAppLogo } from '@/lib/branding/app-logo';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * An app's logo, served from our origin (the journey never loads the app's own URL). Only images
 * the server fetched and checked (PNG, JPEG, WebP) are here; anything else is a 404 and the journey
 * shows the app's initial.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const logo = /^[A-Za-z0-9_-]{1,64}$/.test(appId) ? await readAppLogo(await getDb(), appId) : null;
  if (!logo)
    return new Response('No logo', { status: 404, headers: { 'content-type': 'text/plain' } });
  return new Response(new Uint8Array(logo.body), {
    headers: {
      'content-type': logo.contentType,
      'content-length': String(logo.body.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      etag: `"${logo.sha256}"`,
    },
  });
}
