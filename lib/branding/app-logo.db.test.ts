import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { appLogos, customerApps } from '../db/schema';
import { openTestDb } from '../db/testing';
import { launchJourney } from '../journey/server/launch';
import { T0, createTestApp, depsAt } from '../journey/server/test-support';
import { appLogoPath, LOGO_REFRESH_MS, LOGO_RETRY_MS, readAppLogo } from './app-logo';
import { fetchLogo } from './fetch-logo';
import { PNG_BYTES, startLogoServer } from './test-support';

let handle: DbHandle;
let images: Awaited<ReturnType<typeof startLogoServer>>;
beforeAll(async () => {
  handle = await openTestDb();
  images = await startLogoServer();
});
afterAll(async () => {
  await images?.close();
  await handle?.close();
});

const local = { allowPrivate: true, timeoutMs: 1000 };
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('fetchLogo', () => {
  it('fetches a PNG and hashes it', async () => {
    const result = await fetchLogo(`${images.base}/logo.png`, local);
    expect(result).toMatchObject({ ok: true, contentType: 'image/png' });
    if (result.ok) expect(result.body.equals(PNG_BYTES)).toBe(true);
  });

  it.each([
    ['/big.png', 'larger than'],
    ['/logo.svg', 'not a PNG, JPEG or WebP'],
    ['/page.png', 'not a image/png image'],
    ['/moved.png', 'HTTP 302'],
    ['/missing.png', 'HTTP 404'],
    ['/slow.png', 'timed out'],
  ])('refuses %s (%s)', async (path, reason) => {
    const result = await fetchLogo(`${images.base}${path}`, local);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('refuses loopback, private, link-local and metadata targets outside a developer machine', async () => {
    const strict = { timeoutMs: 1000 };
    expect(await fetchLogo(`${images.base}/logo.png`, strict)).toEqual({
      ok: false,
      reason: 'not https',
    });
    for (const host of ['127.0.0.1', '10.0.0.8', '[::1]', '169.254.169.254', '100.100.100.200']) {
      expect(await fetchLogo(`https://${host}/logo.png`, strict), host).toEqual({
        ok: false,
        reason: 'address not allowed',
      });
    }
    // Link-local (cloud metadata) is refused even on a developer's machine.
    expect(await fetchLogo('http://169.254.169.254/latest/meta-data', local)).toEqual({
      ok: false,
      reason: 'address not allowed',
    });
  });

  it('refuses a name that resolves to a loopback address (DNS is judged, not the name)', async () => {
    const port = new URL(images.base).port;
    const resolve = async () => ['127.0.0.1'];
    expect(
      await fetchLogo(`https://logo.example.test:${port}/logo.png`, { resolve, timeoutMs: 1000 }),
    ).toEqual({ ok: false, reason: 'address not allowed' });
    // …and reaches it when the developer's machine allows private targets.
    expect(
      await fetchLogo(`http://logo.example.test:${port}/logo.png`, { ...local, resolve }),
    ).toMatchObject({ ok: true });
  });
});

describe('the served copy of an app logo', () => {
  async function appWithLogo(path: string) {
    const { appId } = await createTestApp(handle.db);
    // Registration insists on https; the local host is plain http (allowPrivate).
    await handle.db
      .update(customerApps)
      .set({ logoUrl: `${images.base}${path}` })
      .where(eq(customerApps.id, appId));
    return { id: appId, logoUrl: `${images.base}${path}` };
  }

  it('fetches once, serves the copy from our origin, and refreshes it after a day', async () => {
    const app = await appWithLogo('/logo.png?app=1');
    const before = images.hits.get('/logo.png') ?? 0;
    const path = await appLogoPath({ db: handle.db, now: T0, fetchOptions: local }, app);
    expect(path).toMatch(new RegExp(`^/journey/logo/${app.id}\\?v=[0-9a-f]{16}$`));
    expect(await appLogoPath({ db: handle.db, now: later(60_000), fetchOptions: local }, app)).toBe(
      path,
    );
    expect(images.hits.get('/logo.png')).toBe(before + 1);
    const served = await readAppLogo(handle.db, app.id);
    expect(served?.contentType).toBe('image/png');
    expect(served?.body.equals(PNG_BYTES)).toBe(true);
    await appLogoPath({ db: handle.db, now: later(LOGO_REFRESH_MS), fetchOptions: local }, app);
    expect(images.hits.get('/logo.png')).toBe(before + 2);
  });

  it('leaves the initial for a logo that cannot be used, and retries it only after ten minutes', async () => {
    const app = await appWithLogo('/logo.svg');
    const deps = (ms: number) => ({ db: handle.db, now: later(ms), fetchOptions: local });
    const before = images.hits.get('/logo.svg') ?? 0;
    expect(await appLogoPath(deps(0), app)).toBeNull();
    expect(await appLogoPath(deps(LOGO_RETRY_MS - 1), app)).toBeNull();
    expect(images.hits.get('/logo.svg')).toBe(before + 1);
    expect(await appLogoPath(deps(LOGO_RETRY_MS), app)).toBeNull();
    expect(images.hits.get('/logo.svg')).toBe(before + 2);
    const [row] = await handle.db.select().from(appLogos).where(eq(appLogos.appId, app.id));
    expect(row).toMatchObject({ body: null, failure: 'not a PNG, JPEG or WebP image' });
    expect(await readAppLogo(handle.db, app.id)).toBeNull();
  });

  it('stops serving a copy once the app changes or removes its logo URL', async () => {
    const app = await appWithLogo('/logo.png?app=2');
    await appLogoPath({ db: handle.db, now: T0, fetchOptions: local }, app);
    expect(await readAppLogo(handle.db, app.id)).not.toBeNull();
    await handle.db.update(customerApps).set({ logoUrl: null }).where(eq(customerApps.id, app.id));
    expect(await readAppLogo(handle.db, app.id)).toBeNull();
  });

  it("brands a launched journey with the served path, never the app's URL", async () => {
    const good = await appWithLogo('/logo.png?app=3');
    const deps = { ...depsAt(handle.db, T0), logos: { options: local } };
    const ok = await launchJourney(deps, { appId: good.id, userId: 'u' });
    if (!ok.ok) throw new Error(ok.code);
    expect(ok.journey.branding.logoUrl).toMatch(/^\/journey\/logo\//);
    const bad = await appWithLogo('/missing.png');
    const fallback = await launchJourney(deps, { appId: bad.id, userId: 'u' });
    if (!fallback.ok) throw new Error(fallback.code);
    expect(fallback.journey.branding.logoUrl).toBeNull();
    expect(JSON.stringify(fallback.journey)).not.toContain(images.base);
  });
});

describe('journeys launched together', () => {
  it('share one fetch of their app logo', async () => {
    const { appId } = await createTestApp(handle.db);
    const app = { id: appId, logoUrl: `${images.base}/logo.png?together=1` };
    await handle.db
      .update(customerApps)
      .set({ logoUrl: app.logoUrl })
      .where(eq(customerApps.id, appId));
    let calls = 0;
    const counting: typeof fetchLogo = (url, options) => {
      calls += 1;
      return fetchLogo(url, options);
    };
    const paths = await Promise.all(
      Array.from({ length: 5 }, () =>
        appLogoPath({ db: handle.db, now: T0, fetchLogo: counting, fetchOptions: local }, app),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(paths).size).toBe(1);
    expect(paths[0]).toMatch(/^\/journey\/logo\//);
  });
});
