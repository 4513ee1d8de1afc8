import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CATALOGS } from '../lib/i18n/catalogs';
import { LANGUAGES } from '../lib/vocabulary';
import { DEMO_APP_ID } from './support/journey';

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
