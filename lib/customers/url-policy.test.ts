import { describe, expect, it } from 'vitest';
import { checkAllowedOrigin, checkLogoUrl, checkAppUrl } from './url-policy';

describe('checkAppUrl', () => {
  it.each([
    ['https://app.example.com/callback', 'https://app.example.com/callback'],
    ['https://app.example.com/cb?tenant=7&x=1', 'https://app.example.com/cb?tenant=7&x=1'],
    ['HTTPS://App.Example.com', 'https://app.example.com/'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    ['http://127.0.0.1:8080/done', 'http://127.0.0.1:8080/done'],
    ['http://[::1]:8080/done', 'http://[::1]:8080/done'],
    ['https://localhost/', 'https://localhost/'],
  ])('accepts %s', (raw, normalised) => {
    expect(checkAppUrl(raw)).toEqual({ ok: true, url: normalised });
  });

  it.each([
    ['javascript:alert(1)', 'must be an absolute http(s) URL'],
    ['JavaScript://%0aalert(1)', 'must be an absolute http(s) URL'],
    ['data:text/html,hi', 'must be an absolute http(s) URL'],
    ['/callback', 'must be an absolute http(s) URL'],
    ['callback', 'must be an absolute http(s) URL'],
    ['//evil.example.com/cb', 'must be an absolute http(s) URL'],
    ['ftp://files.example.com/cb', 'must be an absolute http(s) URL'],
    ['https:app.example.com/cb', 'must be an absolute http(s) URL'],
    ['https://user:pass@app.example.com/cb', 'must not contain credentials'],
    ['https://user@app.example.com/cb', 'must not contain credentials'],
    ['https://@app.example.com/cb', 'must not contain credentials'],
    ['https://app.example.com/cb#frag', 'must not contain a fragment'],
    ['https://app.example.com/cb#', 'must not contain a fragment'],
    ['http://app.example.com/cb', 'must use https (http is allowed only for localhost)'],
    ['http://10.0.0.5/cb', 'must use https (http is allowed only for localhost)'],
    ['http://localhost.evil.com/cb', 'must use https (http is allowed only for localhost)'],
    ['https://app.example.com/c b', 'must not contain spaces or control characters'],
    [' https://app.example.com/cb', 'must not contain spaces or control characters'],
    ['https://app.example.com/\ncb', 'must not contain spaces or control characters'],
    ['', 'is required'],
    [`https://app.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('rejects %j', (raw, reason) => {
    expect(checkAppUrl(raw)).toEqual({ ok: false, reason });
  });
});

describe('checkAllowedOrigin', () => {
  it('accepts exact https origins and loopback http, serialised as browsers compare them', () => {
    expect(checkAllowedOrigin('https://App.Example.com')).toEqual({
      ok: true,
      url: 'https://app.example.com',
    });
    expect(checkAllowedOrigin('https://app.example.com:443/')).toEqual({
      ok: true,
      url: 'https://app.example.com',
    });
    expect(checkAllowedOrigin('https://app.example.com:8443')).toEqual({
      ok: true,
      url: 'https://app.example.com:8443',
    });
    expect(checkAllowedOrigin('http://localhost:5173')).toEqual({
      ok: true,
      url: 'http://localhost:5173',
    });
  });

  it.each([
    ['https://*.example.com', 'wildcards'],
    ['*', 'wildcards'],
    ['https://app.example.com/embed', 'no path'],
    ['https://app.example.com/?x=1', 'no path or query'],
    ['http://app.example.com', 'https'],
    ['app.example.com', 'absolute'],
    ['https://user@app.example.com', 'credentials'],
    ['javascript:alert(1)', 'absolute'],
  ])('refuses %s', (raw, reason) => {
    const check = checkAllowedOrigin(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });
});

describe('checkLogoUrl', () => {
  it('accepts https logos, normalised', () => {
    expect(checkLogoUrl('https://CDN.example.com/brand/logo.png')).toEqual({
      ok: true,
      url: 'https://cdn.example.com/brand/logo.png',
    });
  });

  it.each([
    ['http://localhost:3000/logo.png', 'must use https'],
    ['http://cdn.example.com/logo.png', 'must use https'],
    ['data:image/png;base64,AAAA', 'absolute http(s) URL'],
    ['https://user:pw@cdn.example.com/logo.png', 'credentials'],
    ['https://cdn.example.com/logo.png#x', 'fragment'],
    [`https://cdn.example.com/${'a'.repeat(2048)}`, 'at most 2048'],
  ])('refuses %s', (raw, reason) => {
    const check = checkLogoUrl(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });
});
