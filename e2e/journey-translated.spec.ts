import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CATALOGS } from '../lib/i18n/catalogs';
import { DEMO_APP_ID, uniqueUser } from './support/journey';

const de = CATALOGS.de.journey;

test('a journey in German: every step, its buttons and its outcome from the catalog', async ({
  page,
}) => {
  const h1 = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const next = () => page.getByRole('button', { name: de.actions.continue, exact: true }).click();
  await page.goto(`/journey?appId=${DEMO_APP_ID}&userId=${uniqueUser('de')}&language=de`);
  await expect(h1(de.titles.deviceType)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // Nothing of the journey is marked as English any more.
  await expect(page.locator('main [lang="en"]')).toHaveCount(0);
  await expect(page.getByText(/^Schritt 1 von \d+$/)).toBeVisible();
  await page.waitForURL((url) => url.searchParams.has('resume'));
  await expect(page).toHaveTitle(`${de.titles.deviceType} · Gerät verbinden`);

  // Continue without a choice asks for one, in German.
  await next();
  await expect(page.getByText(de.notices.chooseOne)).toBeVisible();

  await page.getByRole('radio', { name: de.deviceTypes.vehicle, exact: true }).check();
  await next();
  await expect(h1('Von welchem Hersteller ist Ihr Fahrzeug?')).toBeVisible();
  await expect(page.getByRole('button', { name: de.actions.back })).toBeVisible();
  await page.getByRole('radio', { name: 'Volta Motors', exact: true }).check();
  await next();

  await expect(h1('Bei Volta Motors anmelden')).toBeVisible();
  await next();
  await expect(page.getByText(de.validation.usernameRequired)).toBeVisible();
  await page.getByLabel(de.credentials.username, { exact: true }).fill('user_mfa');
  await page.getByLabel(de.credentials.password, { exact: true }).fill('pass_wrong');
  await next();
  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'Volta Motors hat diese Angaben nicht akzeptiert.',
  );
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Noch 4 Versuche.');
  await page.getByLabel(de.credentials.password, { exact: true }).fill('pass_good');
  await next();

  await expect(h1(de.titles.mfa)).toBeVisible();
  await page.getByLabel(de.mfa.code).fill('123456');
  await next();

  await expect(h1(de.titles.devices)).toBeVisible();
  await expect(page.getByText('2 von 2 ausgewählt')).toBeVisible();
  await page.getByRole('checkbox').first().uncheck();
  await expect(page.getByText('1 von 2 ausgewählt')).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await next();

  await expect(h1('Demo Energy App den Zugriff auf Ihre Geräte erlauben')).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: '1 Gerät von Volta Motors' }),
  ).toBeVisible();
  await page.getByRole('button', { name: de.actions.allow, exact: true }).click();
  await expect(page).toHaveURL(/status=success/);
});
