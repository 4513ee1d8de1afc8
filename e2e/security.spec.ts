import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIResponse, Page, Request } from '@playwright/test';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { UnsecuredJWT, decodeJwt } from 'jose';
import { deriveSubkey } from '../lib/crypto';
import { DEMO_APP_ID, JourneyPage, uniqueUser } from './support/journey';

/**
 * Attack tests for issue #6: each property of the hardened surface is attacked here the way an
 * outsider would, against the real production server. See SECURITY.md for the threat model.
 */

const BASE = process.env.E2E_BASE_URL!;
/** The demo app's registered redirect URL: the only place a journey may ever send a browser. */
const REGISTERED = `${BASE}/`;

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function nonceOf(csp: string): string {
  const source = directives(csp)
    .get('script-src')
    ?.find((v) => v.startsWith("'nonce-"));
  expect(source, `script-src has a nonce: ${csp}`).toBeTruthy();
  return source!.slice("'nonce-".length, -1);
}

function expectSecurityHeaders(response: APIResponse, label: string) {
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  const d = directives(csp);
  expect(csp, `${label}: CSP present`).not.toBe('');
  expect(d.get('script-src'), label).toContain("'strict-dynamic'");
  expect(d.get('script-src'), label).not.toContain("'unsafe-inline'");
  expect(d.get('script-src'), label).not.toContain("'unsafe-eval'");
  expect(nonceOf(csp).length, label).toBeGreaterThanOrEqual(22);
  expect(d.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(d.get('base-uri'), label).toEqual(["'none'"]);
  expect(d.get('form-action'), label).toEqual(["'self'"]);
  expect(d.get('object-src'), label).toEqual(["'none'"]);
  // App logos are served from our origin: no third-party image, ever.
  expect(d.get('img-src'), label).toEqual(["'self'", 'data:']);
  expect(headers['referrer-policy'], label).toBe('no-referrer');
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  // Plain http here: HSTS on an http response is ignored by browsers and would be a misconfiguration.
  expect(headers['strict-transport-security'], label).toBeUndefined();
}

test.describe('security headers', () => {
  const responses: [string, string, number][] = [
    ['journey page', `/journey?appId=${DEMO_APP_ID}&userId=headers-user`, 200],
    ['journey launch error', '/journey?appId=app_missing&userId=u', 200],
    ['journey without parameters', '/journey', 200],
    ['demo page', '/', 200],
    ['404 page', '/no-such-page', 404],
    ['API health', '/api/health', 200],
    ['API 401', '/api/devices?userId=u', 401],
    ['API unknown route (authentication comes first)', '/api/no-such-route', 401],
    ['OpenAPI document', '/openapi.json', 200],
  ];

  for (const [label, url, status] of responses) {
    test(`${label} carries the full set`, async ({ request }) => {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status()).toBe(status);
      expectSecurityHeaders(response, label);
      if (url.startsWith('/journey') || url.startsWith('/api') || url === '/openapi.json') {
        expect(response.headers()['cache-control']).toContain('no-store');
      }
    });
  }

  test('a static build asset and a server action error carry them too', async ({ request }) => {
    const html = await (
      await request.get(`/journey?appId=${DEMO_APP_ID}&userId=asset-user`)
    ).text();
    const asset = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeTruthy();
    const assetResponse = await request.get(asset!);
    expect(assetResponse.status()).toBe(200);
    expect(assetResponse.headers()['x-content-type-options']).toBe('nosniff');
    expect(assetResponse.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

    // A server action call with a bogus action id: Next's own error answer.
    const bogus = await request.post('/journey', {
      headers: {
        'next-action': 'f'.repeat(42),
        origin: BASE,
        'content-type': 'text/plain;charset=UTF-8',
      },
      data: '[]',
    });
    expect(bogus.status()).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(bogus, 'unknown server action');
  });

  test('every response gets a fresh nonce, and every script on the page carries it', async ({
    request,
  }) => {
    const url = `/journey?appId=${DEMO_APP_ID}&userId=nonce-user`;
    const [a, b] = [await request.get(url), await request.get(url)];
    const [nonceA, nonceB] = [
      nonceOf(a.headers()['content-security-policy']!),
      nonceOf(b.headers()['content-security-policy']!),
    ];
    expect(nonceA).not.toBe(nonceB);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceA}"`);
    expect(html).not.toContain(nonceB);
  });

  test('HSTS is sent when the request came over HTTPS', async ({ request }) => {
    for (const url of ['/journey', '/api/health', '/no-such-page']) {
      const response = await request.get(url, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers()['strict-transport-security'], url).toMatch(
        /^max-age=\d{8,}; includeSubDomains$/,
      );
    }
  });
});

/** Collects every CSP violation a page reports, through both the DOM event and the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (v: string) => void })
        .__reportCspViolation;
      void report(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe('the CSP does not get in the way', () => {
  test('a whole journey and the demo page run with zero CSP violations', async ({ page }) => {
    const violations = await watchCsp(page);
    const journey = new JourneyPage(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await journey.launch({ state: 'csp-run' });
    await journey.toCredentials('Vehicle', 'Ampere Auto');
    await journey.choose('Username and password');
    await journey.signIn('user_mfa', 'pass_good');
    await journey.enterCode('123456');
    await journey.expectHeading('Choose devices to connect');
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    const params = await journey.redirectParams();
    expect(params.get('status')).toBe('success');
    await expect(page.getByRole('heading', { name: 'Journey result: success' })).toBeVisible();
    // zod runs jitless (lib/journey/schemas.ts), so not even an eval probe may be reported.
    expect(violations).toEqual([]);
  });

  test('a script without the nonce does not run (the policy is enforced, not just sent)', async ({
    page,
  }) => {
    const violations = await watchCsp(page);
    // An attacker-controlled response on our origin, served with our real policy: only a same-origin
    // HTML injection could look like this.
    await page.route(`${BASE}/journey*`, async (route) => {
      // Only the page itself: the journey then fetches its resume address through the router.
      if (route.request().resourceType() !== 'document') return route.continue();
      const real = await route.fetch();
      const html = (await real.text()).replace(
        '<body',
        '<body><script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">',
      );
      await route.fulfill({ response: real, body: html });
    });
    await page.goto(`/journey?appId=${DEMO_APP_ID}&userId=${uniqueUser('inject')}`);
    await new JourneyPage(page).expectHeading('What would you like to connect?');
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: number }).__injected),
    ).toBeUndefined();
    expect(violations.length).toBeGreaterThanOrEqual(2);
  });

  test('the journey cannot be framed by another site', async ({ page }) => {
    // Another origin on the same machine (localhost vs 127.0.0.1), so nothing but our policy can be
    // what stops the frame.
    const journeyUrl = `${BASE}/journey?appId=${DEMO_APP_ID}&userId=${uniqueUser('frame')}`;
    const evil = `http://localhost:${new URL(BASE).port}/evil-frame`;
    await page.route(evil, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<h1>Win a prize</h1><iframe src="${journeyUrl}"></iframe>`,
      }),
    );
    // Chromium enforces frame-ancestors in its network layer: the framed response is dropped and the
    // request fails as blocked; the journey never renders inside the attacker's page.
    const blocked = page.waitForEvent('requestfailed', (r) => r.url() === journeyUrl);
    await page.goto(evil);
    await expect(page.getByRole('heading', { name: 'Win a prize' })).toBeVisible();
    expect((await blocked).failure()?.errorText).toMatch(/BLOCKED/);
    await expect(
      page.frameLocator('iframe').getByRole('heading', { name: 'What would you like to connect?' }),
    ).toHaveCount(0);
    // Control: the same URL opened directly works, so the policy is what stopped the frame.
    await page.goto(journeyUrl);
    await new JourneyPage(page).expectHeading('What would you like to connect?');
  });
});

/** The first server action request a step sends, captured as the browser sent it. */
async function captureFirstAction(page: Page): Promise<Request> {
  const journey = new JourneyPage(page);
  await journey.launch();
  const request = page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);
  await journey.choose('Vehicle');
  await journey.expectHeading('Who makes your vehicle?');
  return request;
}

test.describe('server actions', () => {
  test('an oversized action body is refused with 413 before the action runs', async ({ page }) => {
    // Hold the browser's first action back, so its token stays unused.
    const journey = new JourneyPage(page);
    await journey.launch();
    let held: { headers: Record<string, string>; body: string } | undefined;
    await page.route('**/journey*', (route) => {
      const request = route.request();
      if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
      held = { headers: request.headers(), body: request.postData() ?? '' };
      return route.abort();
    });
    await page.getByRole('radio', { name: 'Vehicle', exact: true }).check();
    await journey.continue();
    await expect.poll(() => held).toBeTruthy();
    const headers = { ...held!.headers, origin: BASE };

    // The same call with a 100 KB extra argument (the action would ignore it if it ever ran).
    const args = JSON.parse(held!.body) as unknown[];
    const padded = JSON.stringify([...args, 'x'.repeat(100 * 1024)]);
    const response = await page.request.post(page.url(), { headers, data: padded });
    expect(response.status()).toBe(413);
    expect(await response.text()).not.toContain('"ok":');
    expectSecurityHeaders(response, 'oversized action');

    // Nothing ran: the held token is still unused and the genuine call succeeds.
    const genuine = await page.request.post(page.url(), { headers, data: held!.body });
    expect(genuine.status()).toBe(200);
    expect(await genuine.text()).toContain('"ok":true');
  });

  test('malformed bodies and foreign Origins are refused with 400/403 before Next or any action runs', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    let held: { headers: Record<string, string>; body: string } | undefined;
    await page.route('**/journey*', (route) => {
      const request = route.request();
      if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
      held = { headers: request.headers(), body: request.postData() ?? '' };
      return route.abort();
    });
    await page.getByRole('radio', { name: 'Vehicle', exact: true }).check();
    await journey.continue();
    await expect.poll(() => held).toBeTruthy();
    const headers = { ...held!.headers, origin: BASE };

    const malformed: [string, Record<string, string>, string | Buffer][] = [
      ['truncated JSON', headers, held!.body.slice(0, -3)],
      ['not JSON', headers, 'not json at all'],
      ['an object instead of the argument list', headers, '{"0":"x"}'],
      ['invalid UTF-8', headers, Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d])],
      [
        'a cut-off multipart body',
        { ...headers, 'content-type': 'multipart/form-data; boundary=----b' },
        '------b\r\nContent-Disposition: form-data; name="0"\r\n\r\nx',
      ],
      ['JSON content type', { ...headers, 'content-type': 'application/json' }, held!.body],
    ];
    for (const [label, h, data] of malformed) {
      const response = await page.request.post(page.url(), { headers: h, data });
      expect(response.status(), label).toBe(400);
      expect(await response.text(), label).toBe('Malformed server action call.');
      expectSecurityHeaders(response, label);
    }
    for (const origin of ['https://evil.example', 'null', `${BASE}.evil.example`]) {
      const response = await page.request.post(page.url(), {
        headers: { ...headers, origin },
        data: held!.body,
      });
      expect(response.status(), origin).toBe(403);
    }
    const { origin: _origin, ...withoutOrigin } = headers;
    expect(
      (await page.request.post(page.url(), { headers: withoutOrigin, data: held!.body })).status(),
    ).toBe(403);

    // Nothing ran: the held token is still unused and the genuine call succeeds.
    const genuine = await page.request.post(page.url(), { headers, data: held!.body });
    expect(genuine.status()).toBe(200);
    expect(await genuine.text()).toContain('"ok":true');
  });
});

// ------------------------------------------------------------------------------ open redirect

/** Ways to smuggle a destination: absolute, scheme-relative, backslash, script URLs, encodings, CRLF. */
const EVIL_TARGETS = [
  'https://evil.example/',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '%252F%252Fevil.example',
  '/%5Cevil.example',
  'https:evil.example',
  'https:/\\evil.example',
  `${BASE}@evil.example`,
  `${BASE}.evil.example/`,
  'javascript:alert(document.domain)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'javascript%3Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https://evil.example\r\nLocation: https://evil.example',
  '%0d%0aLocation:%20https://evil.example',
  '/journey%0d%0aSet-Cookie:%20x=1',
];
const PARAM_NAMES = [
  'redirectUrl',
  'returnTo',
  'redirect_uri',
  'redirect',
  'returnUrl',
  'next',
  'url',
  'callback',
  'exitUrl',
  'state',
  'userId',
];

/** The exit and redirect URLs a journey page hands to its client (in the RSC payload). */
function exitTargets(html: string): string[] {
  const found = [...html.matchAll(/(?:exitUrl|redirectUrl)\\":\\"(.*?)\\"/g)].map(
    (m) => JSON.parse(`"${m[1]!.replace(/\\\\/g, '\\')}"`) as string,
  );
  return found;
}

function expectRegistered(target: string, label: string) {
  const url = new URL(target);
  expect(`${url.origin}${url.pathname}`, label).toBe(REGISTERED);
}

test.describe('open redirect', () => {
  test('fuzzed launch URLs never produce a Location, and every exit points at the registered URL', async ({
    request,
  }) => {
    test.setTimeout(180_000);
    const injection = fc.tuple(
      fc.constantFrom(...PARAM_NAMES),
      fc.oneof(
        fc.constantFrom(...EVIL_TARGETS),
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
      ),
      // Sent raw (its own encodings reach the server as-is) or percent-encoded once more.
      fc.boolean(),
    );
    let launched = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(injection, { minLength: 1, maxLength: 4 }), async (injections) => {
        const query = [`appId=${DEMO_APP_ID}`, `userId=fuzz-${launched}`]
          .concat(
            injections.map(
              ([name, value, raw]) => `${name}=${raw ? value : encodeURIComponent(value)}`,
            ),
          )
          .join('&');
        const response = await request.get(`/journey?${query}`, { maxRedirects: 0 });
        const label = `/journey?${query}`;
        expect(response.status(), label).toBe(200);
        expect(response.headers().location, label).toBeUndefined();
        expect(response.headers().refresh, label).toBeUndefined();
        const html = await response.text();
        expect(html).not.toMatch(/href="\s*(?:javascript:|data:|\/\/|\/\\)/i);
        expect(html).not.toMatch(/http-equiv="refresh"/i);
        const targets = exitTargets(html);
        if (html.includes('What would you like to connect?')) {
          expect(targets.length, label).toBeGreaterThan(0);
          launched += 1;
        }
        for (const target of targets) expectRegistered(target, label);
      }),
      { numRuns: 80 },
    );
    // The property was exercised on real journeys, not only on error pages.
    expect(launched).toBeGreaterThan(60);
  });

  test('path tricks get at most a same-origin redirect', async ({ request }) => {
    const paths = [
      '//evil.example/',
      '//evil.example/%2e%2e',
      '/\\evil.example/',
      '/%2F%2Fevil.example/',
      '/%5Cevil.example/',
      '///evil.example/journey/',
      '/journey/',
      '/journey/?appId=app_demo&userId=u&redirectUrl=https://evil.example',
      '/journey/%2F%2Fevil.example',
      '/api//evil.example',
    ];
    const origin = new URL(BASE).origin;
    for (const p of paths) {
      const response = await request.get(`${BASE}${p}`, { maxRedirects: 0 });
      expect(response.status(), p).toBeLessThan(500);
      const location = response.headers().location;
      if (location)
        expect(new URL(location, `${BASE}${p}`).origin, `${p} → ${location}`).toBe(origin);
    }
  });

  test('cancel and the expired-session exit go to the registered URL whatever the launch URL said', async ({
    page,
  }) => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    const attacks = [
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      'https://evil.example',
    ];
    for (const [i, attack] of attacks.entries()) {
      const query = new URLSearchParams({
        appId: DEMO_APP_ID,
        userId: uniqueUser('cancel'),
        state: attack,
      });
      for (const name of ['redirectUrl', 'returnTo', 'redirect_uri']) query.set(name, attack);
      await page.goto(`/journey?${query}`);
      const journey = new JourneyPage(page);
      await journey.expectHeading('What would you like to connect?');
      if (i % 2 === 0) {
        await page.getByRole('button', { name: 'Cancel' }).click();
      } else {
        // A tampered token: the session-expired screen's way out.
        await page.route('**/journey*', (route) => {
          const body = route.request().postData();
          if (route.request().method() !== 'POST' || !body) return route.continue();
          const args = JSON.parse(body) as unknown[];
          return route.continue({ postData: JSON.stringify(['not-a-token', ...args.slice(1)]) });
        });
        await journey.choose('Vehicle');
        await journey.expectHeading('Session expired');
        await page.unroute('**/journey*');
        await page.getByRole('button', { name: 'Return to Demo Energy App' }).click();
      }
      await page.waitForURL((url) => url.searchParams.has('status'));
      expectRegistered(page.url(), attack);
      const params = new URL(page.url()).searchParams;
      expect(params.get('status')).toBe(i % 2 === 0 ? 'cancelled' : 'error');
      // The attack string may only come back as the opaque state it was sent as.
      expect(params.get('state')).toBe(attack);
    }
    for (const url of navigations) expect(new URL(url).host, url).toBe(new URL(BASE).host);
  });
});

// ----------------------------------------------------------------------------- token forgery

const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function hmacJwt(
  header: object,
  payload: object,
  key: Uint8Array | string,
  alg: 'sha256' | 'sha512' = 'sha256',
): string {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac(alg, key).update(input).digest('base64url')}`;
}

type Forgery = (real: string) => unknown;

/** The step token key of the running server, read from its data directory (it generated it). */
function serverKeys() {
  const secret = readFileSync(path.join(process.env.E2E_DATA_DIR!, 'app-secret'), 'utf8').trim();
  return {
    secret,
    step: deriveSubkey(secret, 'jwt:step'),
    launch: deriveSubkey(secret, 'jwt:launch'),
  };
}

function forgeryCorpus(spentTokenOfAnotherJourney: string): [string, Forgery][] {
  const keys = serverKeys();
  const typ = 'aj-step+jwt';
  const claims = (real: string) =>
    decodeJwt(real) as Record<string, unknown> & { ver: number; iat: number };
  const resign = (
    real: string,
    edit: (c: Record<string, unknown>) => object,
    header: object = { alg: 'HS256', typ },
  ) => hmacJwt(header, edit(claims(real)), keys.step);
  const nowS = Math.floor(Date.now() / 1000);
  return [
    ['alg none', (real) => new UnsecuredJWT(claims(real)).encode()],
    ['alg none with the right typ', (real) => `${enc({ alg: 'none', typ })}.${enc(claims(real))}.`],
    [
      'HS256 with a wrong key',
      (real) => hmacJwt({ alg: 'HS256', typ }, claims(real), randomBytes(32)),
    ],
    [
      'HS256 with the raw APP_SECRET instead of the derived key',
      (real) => hmacJwt({ alg: 'HS256', typ }, claims(real), keys.secret),
    ],
    [
      'algorithm confusion: HS512 with the right key',
      (real) => hmacJwt({ alg: 'HS512', typ }, claims(real), keys.step, 'sha512'),
    ],
    [
      'algorithm confusion: RS256 header, HMAC signature',
      (real) => resign(real, (c) => c, { alg: 'RS256', typ }),
    ],
    [
      'edited claims, original signature',
      (real) => {
        const [h, , sig] = real.split('.');
        return `${h}.${enc({ ...claims(real), step: 'consent' })}.${sig}`;
      },
    ],
    // The next three are signed with the real key, which an attacker does not have: they show that the
    // session row, not the signature alone, decides (version, step, session id must all match).
    [
      'validly signed, a later session version',
      (real) => resign(real, (c) => ({ ...c, ver: (c.ver as number) + 1 })),
    ],
    ['validly signed, another step', (real) => resign(real, (c) => ({ ...c, step: 'consent' }))],
    [
      'validly signed, another session id',
      (real) => resign(real, (c) => ({ ...c, sid: 'jrn_forged' })),
    ],
    [
      'expired',
      (real) =>
        resign(real, (c) => ({ ...c, iat: nowS - 1200, nbf: nowS - 1200, exp: nowS - 600 })),
    ],
    [
      'not yet valid',
      (real) => resign(real, (c) => ({ ...c, iat: nowS + 300, nbf: nowS + 300, exp: nowS + 900 })),
    ],
    ['wrong audience', (real) => resign(real, (c) => ({ ...c, aud: 'auth-journey:launch' }))],
    ['wrong issuer', (real) => resign(real, (c) => ({ ...c, iss: 'evil' }))],
    ['wrong typ', (real) => resign(real, (c) => c, { alg: 'HS256', typ: 'JWT' })],
    [
      'a launch-kind token (its key, typ and audience)',
      (real) =>
        hmacJwt(
          { alg: 'HS256', typ: 'aj-launch+jwt' },
          { ...claims(real), aud: 'auth-journey:launch' },
          keys.launch,
        ),
    ],
    ['a spent token of another journey', () => spentTokenOfAnotherJourney],
    ['random bytes', () => randomBytes(48).toString('base64url')],
    [
      'random JWT-shaped bytes',
      () => [48, 96, 32].map((n) => randomBytes(n).toString('base64url')).join('.'),
    ],
    ['binary garbage', () => randomBytes(64).toString('latin1')],
    ['an empty string', () => ''],
    ['an oversized token', (real) => real + 'A'.repeat(6000)],
    ['null instead of a string', () => null],
    ['an object instead of a string', () => ({ token: 'x' })],
  ];
}

test.describe('step token forgery', () => {
  test('every forged, foreign or stale token shows Session expired, never a 5xx, and changes nothing', async ({
    page,
    context,
  }) => {
    test.setTimeout(240_000);
    // A second journey in another tab: its first token, once used, is a genuine but spent token.
    const other = await context.newPage();
    const otherAction = await captureFirstAction(other);
    const spent = (JSON.parse(otherAction.postData() ?? '[]') as unknown[])[0];
    expect(typeof spent).toBe('string');
    await other.close();

    const serverErrors: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.url()}`);
    });
    const journey = new JourneyPage(page);
    for (const [label, forge] of forgeryCorpus(spent as string)) {
      await journey.launch();
      let original: { headers: Record<string, string>; body: string } | undefined;
      await page.route('**/journey*', async (route) => {
        const request = route.request();
        const body = request.postData();
        if (request.method() !== 'POST' || !body || !request.headers()['next-action'])
          return route.continue();
        original = { headers: request.headers(), body };
        const args = JSON.parse(body) as unknown[];
        expect(typeof args[0], label).toBe('string');
        return route.continue({
          postData: JSON.stringify([forge(args[0] as string), ...args.slice(1)]),
        });
      });
      await journey.choose('Vehicle');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Session expired' }),
        label,
      ).toBeVisible();
      await page.unroute('**/journey*');
      expect(serverErrors, label).toEqual([]);

      // No state change: the genuine token the forgery replaced is still the one that works.
      const genuine = await page.request.post(page.url(), {
        headers: { ...original!.headers, origin: BASE },
        data: original!.body,
      });
      expect(genuine.status(), label).toBe(200);
      expect(await genuine.text(), label).toContain('"ok":true');
    }
  });
});
