import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { buildContentSecurityPolicy, createNonce, isNoStorePath, NO_STORE } from './lib/security/headers';

/**
 * Every page Next renders gets a fresh CSP nonce. Next reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own inline and bootstrap scripts, so the policy
 * goes on the forwarded request and, identical, on the response. The custom server has already set
 * the other security headers (and a nonce-less fallback policy) on every response; this replaces the
 * policy with the one matching what was rendered.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  // Inlined at build time; `next dev` needs eval for hot reloading, production never gets it.
  const csp = buildContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development' });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (isNoStorePath(request.nextUrl.pathname)) response.headers.set('cache-control', NO_STORE);
  return response;
}

export const config = {
  // Static build assets carry no inline script and are served with the server's headers.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
