import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { getConfig } from './lib/config';
import { LANGUAGE_HEADER, isJourneyPath, pageLanguage } from './lib/i18n/language';
import { isOversizedActionRequest } from './lib/security/action-body-limit';
import {
  buildContentSecurityPolicy,
  createNonce,
  isNoStorePath,
  FRAME_ANCESTORS_HEADER,
  NO_STORE,
  parseFrameAncestors,
} from './lib/security/headers';

/**
 * Every page Next renders gets a fresh CSP nonce. Next reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own inline and bootstrap scripts, so the policy
 * goes on the forwarded request and, identical, on the response. The custom server has already set
 * the other security headers (and a policy of its own) on every response; this replaces the policy
 * with the one matching what was rendered. Oversized form posts are refused here, before Next reads
 * them; server action calls from the client runtime (`next-action`) do not come here at all.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  // Inlined at build time; `next dev` needs eval for hot reloading, production never gets it.
  // The custom server stamps (always overwriting) the origins allowed to frame a journey page.
  const csp = buildContentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    frameAncestors: parseFrameAncestors(request.headers.get(FRAME_ANCESTORS_HEADER)),
  });

  if (
    isOversizedActionRequest({
      method: request.method,
      contentLength: request.headers.get('content-length'),
      nextAction: request.headers.get('next-action'),
      contentType: request.headers.get('content-type'),
    })
  ) {
    return new NextResponse('Request body too large.', {
      status: 413,
      headers: {
        'content-security-policy': csp,
        'cache-control': NO_STORE,
        'content-type': 'text/plain',
      },
    });
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const language = pageLanguage(request.nextUrl, request.headers.get('accept-language'), {
    pseudoLocale: getConfig().pseudoLocale,
  });
  requestHeaders.set(LANGUAGE_HEADER, language);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  response.headers.set('content-language', language);
  if (isJourneyPath(request.nextUrl.pathname)) response.headers.append('vary', 'Accept-Language');
  if (isNoStorePath(request.nextUrl.pathname)) response.headers.set('cache-control', NO_STORE);
  return response;
}

export const config = {
  // Static build assets carry no inline script and are served with the server's headers. Server
  // action calls render no page: the custom server gives them its security headers and their
  // language (stampActionLanguage), and screens their size and Origin.
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-action' }],
    },
  ],
};
