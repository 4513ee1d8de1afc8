import { describe, expect, it } from 'vitest';
import {
  baseSecurityHeaders,
  buildContentSecurityPolicy,
  createNonce,
  HSTS_VALUE,
  isNoStorePath,
  isServedOverHttps,
  parseFrameAncestors,
} from './headers';

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('createNonce', () => {
  it('is 128 random bits in the base64 alphabet Next accepts, fresh every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('buildContentSecurityPolicy', () => {
  it('allows scripts by nonce and strict-dynamic only', () => {
    const d = directives(buildContentSecurityPolicy({ nonce: 'abc' }));
    expect(d['script-src']).toEqual(["'nonce-abc'", "'strict-dynamic'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['form-action']).toEqual(["'self'"]);
    expect(d['img-src']).toEqual(["'self'", 'data:']);
    expect(d['default-src']).toEqual(["'self'"]);
  });

  it('adds unsafe-eval only in development', () => {
    expect(buildContentSecurityPolicy({ nonce: 'n' })).not.toContain('unsafe-eval');
    expect(
      directives(buildContentSecurityPolicy({ nonce: 'n', dev: true }))['script-src'],
    ).toContain("'unsafe-eval'");
  });
});

describe('isServedOverHttps', () => {
  it('trusts the first forwarded protocol or an https public base URL', () => {
    expect(isServedOverHttps({ forwardedProto: 'https' })).toBe(true);
    expect(isServedOverHttps({ forwardedProto: 'HTTPS, http' })).toBe(true);
    expect(isServedOverHttps({ forwardedProto: ['https'] })).toBe(true);
    expect(isServedOverHttps({ forwardedProto: 'http, https' })).toBe(false);
    expect(isServedOverHttps({ publicBaseUrl: 'https://connect.example.com' })).toBe(true);
    expect(
      isServedOverHttps({ forwardedProto: 'http', publicBaseUrl: 'http://localhost:3000' }),
    ).toBe(false);
    expect(isServedOverHttps({})).toBe(false);
  });
});

describe('baseSecurityHeaders', () => {
  it('sets the fixed headers, HSTS only over https, and no-store except on build assets', () => {
    const http = baseSecurityHeaders({ nonce: 'n', https: false, pathname: '/journey' });
    expect(http).toMatchObject({
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
    expect(http['Content-Security-Policy']).toContain("'nonce-n'");
    expect(http['Strict-Transport-Security']).toBeUndefined();
    expect(
      baseSecurityHeaders({ nonce: 'n', https: true, pathname: '/' })['Strict-Transport-Security'],
    ).toBe(HSTS_VALUE);
    expect(
      baseSecurityHeaders({ nonce: 'n', https: false, pathname: '/_next/static/chunks/a.js' })[
        'Cache-Control'
      ],
    ).toBeUndefined();
  });

  it('treats every path but build assets as no-store, however it is spelled', () => {
    for (const p of [
      '/journey',
      '/journey/reconnect',
      '/api/devices',
      '/openapi.json',
      '/',
      '//journey',
      '/JOURNEY',
      '/_next/data/x',
    ]) {
      expect(isNoStorePath(p), p).toBe(true);
    }
    expect(isNoStorePath('/_next/static/chunks/app.js')).toBe(false);
  });
});

describe('framing of embedded journeys', () => {
  it('frame-ancestors lists exactly the allowed origins, and X-Frame-Options is dropped', () => {
    const origins = ['https://app.example.com', 'http://localhost:5173'];
    const headers = baseSecurityHeaders({
      nonce: 'n',
      https: false,
      pathname: '/journey',
      frameAncestors: origins,
    });
    expect(directives(headers['Content-Security-Policy'] ?? '')['frame-ancestors']).toEqual(
      origins,
    );
    expect(headers['X-Frame-Options']).toBeUndefined();
    const closed = baseSecurityHeaders({ nonce: 'n', https: false, pathname: '/journey' });
    expect(directives(closed['Content-Security-Policy'] ?? '')['frame-ancestors']).toEqual([
      "'none'",
    ]);
    expect(closed['X-Frame-Options']).toBe('DENY');
  });

  it('the proxy header parser keeps only exact origins', () => {
    expect(parseFrameAncestors('https://a.example http://localhost:3000')).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
    expect(parseFrameAncestors("'self' * https://a.example/path; script-src x")).toEqual([]);
    expect(parseFrameAncestors(undefined)).toEqual([]);
  });
});

describe('referrerPolicyFor', () => {
  it('lets dashboard pages name their own origin to themselves, and nothing else anywhere', async () => {
    const { referrerPolicyFor } = await import('./headers');
    for (const path of ['/dashboard', '/dashboard/keys', '/signup', '/login', '/invite/inv_1']) {
      expect(referrerPolicyFor(path), path).toBe('same-origin');
    }
    for (const path of [
      '/',
      '/journey',
      '/journey/reconnect',
      '/dashboards',
      '/login-x',
      '/api/devices',
      '/docs',
    ]) {
      expect(referrerPolicyFor(path), path).toBe('no-referrer');
    }
  });
});
