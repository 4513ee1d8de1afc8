import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CATALOGS } from '../lib/i18n/catalogs';
import { LANGUAGES, PSEUDO_LANGUAGE } from '../lib/vocabulary';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { DEMO_APP_ID, uniqueUser } from './support/journey';
import type { WalkLanguage } from './support/localized-journey';
import { LocalizedJourney, NARROW_WIDTH } from './support/localized-journey';
import { PseudoTextCheck } from './support/pseudo-text';
import { expiredConnection } from './support/reconnection';

/** The languages other than English that a journey is walked in. */
const WALKED = LANGUAGES.filter((language) => language !== 'en');

test.describe('journey languages', () => {
  for (const language of LANGUAGES) {
    test(`a launch error reads in ${language}, with <html lang>, and passes axe`, async ({
      page,
    }) => {
      const errors = CATALOGS[language].launch.errors;
      await page.goto(`/journey?appId=app_nope&userId=u1&language=${language}`);
      await expect(
        page.getByRole('heading', { level: 1, name: errors.APP_NOT_FOUND.title }),
      ).toBeVisible();
      await expect(page.getByText(errors.APP_NOT_FOUND.message)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
        .analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
  }

  test.describe('with a French browser', () => {
    test.use({ locale: 'fr-FR' });

    test('Accept-Language is honoured when the launch names no language', async ({ page }) => {
      const response = await page.goto('/journey?appId=app_nope&userId=u1');
      expect(response?.headers()['content-language']).toBe('fr');
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Application inconnue' }),
      ).toBeVisible();
      await expect(page.getByText('Code d’erreur : APP_NOT_FOUND')).toBeVisible();
    });

    test('the launch parameter wins over the browser', async ({ page }) => {
      await page.goto('/journey?appId=app_nope&userId=u1&language=nl');
      await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Onbekende applicatie' }),
      ).toBeVisible();
    });

    test('a language the journey does not speak is a clear launch error', async ({ page }) => {
      await page.goto(`/journey?appId=${DEMO_APP_ID}&userId=u1&language=pt`);
      await expect(page.getByRole('heading', { level: 1, name: 'Lien non valide' })).toBeVisible();
      await expect(page.getByText('language must be one of en, de, fr, es, nl')).toBeVisible();
    });
  });

  test('the dashboard stays English whatever the browser asks', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await context.close();
  });
});

/**
 * The whole journey in each language, as a person on a 320 px phone walks it: every step's `h1` is
 * that language's catalog message (formatted with the step's own arguments) and not the English one;
 * every control is found by its translated name; axe finds nothing; nothing scrolls sideways.
 * Screenshots of every step go to SHOTS_DIR/<language>/ when SHOTS_DIR is set.
 */
const APP_NAME = 'Demo Energy App';
const RECONNECT_CUSTOMER = 'Lang Co';
const OEMS = [
  'Volta Motors',
  'Ampere Auto',
  'Stellar Storage',
  'Helios Inverters',
  'Nimbus Climate',
  'Current Chargers',
];

test.describe('the journey at 320 px in each language', () => {
  test.use({ viewport: { width: NARROW_WIDTH, height: 720 } });

  const server = new CustomerServer();
  let customer: ReturnType<typeof provisionCustomer>;
  test.beforeAll(async () => {
    await server.start();
    customer = provisionCustomer(server, RECONNECT_CUSTOMER);
  });
  test.afterAll(() => server.stop());

  for (const language of [...WALKED, PSEUDO_LANGUAGE] as const) {
    const pseudo = language === PSEUDO_LANGUAGE;
    test(`${pseudo ? 'the pseudo-locale' : language}: connect, API key and reconnection steps are translated and fit`, async ({
      page,
      request,
    }) => {
      test.setTimeout(240_000);
      const text = pseudo
        ? new PseudoTextCheck([APP_NAME, `${RECONNECT_CUSTOMER} App`, ...OEMS, 'user_mfa'])
        : undefined;
      const journey = new LocalizedJourney(page, language, text?.check);
      await walkConnect(journey);
      await walkApiKey(journey);
      // The reconnection link is set up in English; the person follows it in their language.
      const { userId, reconnectionUrl } = await expiredConnection(page, request, server, customer);
      // The reconnection page names the person's devices: data, like the makers' names.
      const devices = await request.get(`/api/devices?${new URLSearchParams({ userId })}`, {
        headers: { authorization: `Bearer ${customer.apiKey}` },
      });
      expect(devices.status()).toBe(200);
      text?.addData(namesIn(await devices.json()));
      await walkReconnect(journey, reconnectionUrl, `${RECONNECT_CUSTOMER} App`);
    });
  }
});

test.describe('a browser that asks for French', () => {
  // Chromium sends `Accept-Language: fr`.
  test.use({ locale: 'fr' });

  test('gets the journey in French when the launch names no language', async ({ page }) => {
    const fr = new LocalizedJourney(page, 'fr');
    const response = await page.goto(`/journey?appId=${DEMO_APP_ID}&userId=${uniqueUser('fr')}`);
    expect(response?.headers()['content-language']).toBe('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await fr.expectTitle('journey.titles.deviceType');
    // The journey keeps its language from step to step.
    await page.waitForURL((url) => url.searchParams.get('language') === 'fr');
    await fr.radio('journey.deviceTypes.battery').check();
    await fr.continue();
    await fr.expectTitle('journey.titles.oem', {
      deviceType: fr.m.t('journey.deviceTypeNouns.battery'),
    });
  });

  test('gets the language the launch names instead', async ({ page }) => {
    const nl = new LocalizedJourney(page, 'nl');
    await page.goto(`/journey?appId=${DEMO_APP_ID}&userId=${uniqueUser('nl')}&language=nl`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await nl.expectTitle('journey.titles.deviceType');
  });
});

/** Every `name` and `model` in an API answer (the devices' own names, not our words). */
function namesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namesIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    (key === 'name' || key === 'model') && typeof inner === 'string' ? [inner] : namesIn(inner),
  );
}

function launchUrl(language: WalkLanguage): string {
  const params = new URLSearchParams({
    appId: DEMO_APP_ID,
    userId: uniqueUser(`lang-${language}`),
    language,
  });
  return `/journey?${params}`;
}

/** Vehicle → Ampere Auto → username and password → code → devices → consent → connected. */
async function walkConnect(journey: LocalizedJourney) {
  const { page, m } = journey;
  await page.goto(launchUrl(journey.language));
  await expect(page.locator('html')).toHaveAttribute('lang', journey.language);
  await journey.expectTitle('journey.titles.deviceType');
  // Once its scripts run, the page takes the journey's own address, language included.
  await page.waitForURL((url) => url.searchParams.has('resume'));
  expect(new URL(page.url()).searchParams.get('language')).toBe(journey.language);
  await journey.checkStep('device-type');

  await journey.radio('journey.deviceTypes.vehicle').check();
  await journey.continue();
  await journey.expectTitle('journey.titles.oem', {
    deviceType: m.t('journey.deviceTypeNouns.vehicle'),
  });
  await journey.checkStep('oem');

  // Makers' names are theirs, in every language.
  await page.getByRole('radio', { name: 'Ampere Auto', exact: true }).check();
  await journey.continue();
  await journey.expectTitle('journey.titles.authMethod', { oemName: 'Ampere Auto' });
  await journey.checkStep('auth-method');

  await journey.radio('journey.authMethods.password').check();
  await journey.continue();
  await journey.expectTitle('journey.titles.credentialsPassword', { oemName: 'Ampere Auto' });
  await journey.checkStep('credentials');

  await journey.field('journey.credentials.username').fill('user_mfa');
  await journey.field('journey.credentials.password').fill('pass_good');
  await journey.continue();
  await journey.expectTitle('journey.titles.mfa');
  await journey.checkStep('mfa');

  await journey.field('journey.mfa.code').fill('123456');
  await journey.continue();
  await journey.expectTitle('journey.titles.devices');
  await journey.checkStep('devices');

  await journey.continue();
  await journey.expectTitle('journey.titles.consent', { appName: APP_NAME });
  await journey.checkStep('consent');

  // The success screen shows for a moment before the hand-off to the app. The app's answer is a 204,
  // which leaves the screen in place however long its checks take.
  const handOff = new Promise<URL>((resolve) => {
    void page.route(
      (url) => url.pathname === '/' && url.searchParams.has('status'),
      (route) => {
        resolve(new URL(route.request().url()));
        return route.fulfill({ status: 204 });
      },
    );
  });
  await journey.button('journey.actions.allow').click();
  await journey.expectTitle('journey.finished.connected', { count: 2 });
  await journey.checkStep('connected');
  expect((await handOff).searchParams.get('status')).toBe('success');
}

/** Solar inverter → Helios Inverters → the API key, with its help open. */
async function walkApiKey(journey: LocalizedJourney) {
  const { page, m } = journey;
  await page.goto(launchUrl(journey.language));
  await journey.expectTitle('journey.titles.deviceType');
  await page.waitForURL((url) => url.searchParams.has('resume'));
  await journey.radio('journey.deviceTypes.solar_inverter').check();
  await journey.continue();
  await journey.expectTitle('journey.titles.oem', {
    deviceType: m.t('journey.deviceTypeNouns.solar_inverter'),
  });
  await page.getByRole('radio', { name: 'Helios Inverters', exact: true }).check();
  await journey.continue();
  await journey.expectTitle('journey.titles.credentialsApiKey', { oemName: 'Helios Inverters' });
  await expect(journey.field('journey.credentials.apiKey')).toBeVisible();
  await page.getByText(m.t('journey.apiKeyHelp.summary'), { exact: true }).click();
  await expect(page.getByText(m.t('journey.apiKeyHelp.oems.helios.step1'))).toBeVisible();
  await journey.checkStep('api-key');
}

/** A reconnection link followed in the journey's language: start, sign in, consent again. */
async function walkReconnect(journey: LocalizedJourney, reconnectionUrl: string, appName: string) {
  const { page } = journey;
  const url = new URL(reconnectionUrl);
  url.searchParams.set('language', journey.language);
  await page.goto(url.toString());
  await expect(page.locator('html')).toHaveAttribute('lang', journey.language);
  await journey.expectTitle('journey.reconnect.title', { oemName: 'Volta Motors' });
  await journey.checkStep('reconnect-start');

  await journey.continue();
  await journey.expectTitle('journey.titles.credentialsPassword', { oemName: 'Volta Motors' });
  await journey.field('journey.credentials.username').fill('user_good');
  await journey.field('journey.credentials.password').fill('pass_good');
  await journey.continue();
  await journey.expectTitle('journey.titles.reconsent', { appName });
  await journey.checkStep('reconsent');

  await journey.button('journey.actions.allow').click();
  await page.waitForURL((u) => u.pathname === '/reconnected');
  expect(new URL(page.url()).searchParams.get('status')).toBe('success');
}
