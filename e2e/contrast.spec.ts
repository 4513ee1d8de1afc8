import type { Locator } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { contrastRatio } from '../lib/validation/brand-color';
import { admin } from './support/customer-server';
import { JourneyPage } from './support/journey';

/** A computed CSS colour (`rgb(r, g, b)`) as `#rrggbb`. */
async function cssColor(locator: Locator, property: string): Promise<string> {
  const value = await locator.evaluate(
    (el, p) => getComputedStyle(el).getPropertyValue(p),
    property,
  );
  const [r = 0, g = 0, b = 0] = (value.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

// WCAG 1.4.11: the boundaries that identify a control need 3:1 against what is around them.
test('choice and input borders reach 3:1, and the busy button keeps its label readable', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await journey.launch();
  const card = page.locator('label').filter({ has: page.getByRole('radio', { name: 'Vehicle' }) });
  expect(contrastRatio(await cssColor(card, 'border-top-color'), '#ffffff')).toBeGreaterThanOrEqual(
    3,
  );

  await journey.toCredentials();
  const username = page.getByLabel('Username', { exact: true });
  expect(
    contrastRatio(await cssColor(username, 'border-top-color'), '#ffffff'),
  ).toBeGreaterThanOrEqual(3);

  // Hold the sign-in request: the busy button is what the person sees meanwhile.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/journey**', async (route) => {
    if (route.request().method() === 'POST') await released;
    await route.continue();
  });
  await username.fill('user_good');
  await page.getByLabel('Password', { exact: true }).fill('pass_good');
  await page.getByRole('button', { name: 'Continue' }).click();
  const button = page.getByRole('button', { name: 'Signing in…' });
  await expect(button).toHaveAttribute('aria-busy', 'true');
  const background = await cssColor(button, 'background-color');
  const text = await cssColor(button, 'color');
  expect(contrastRatio(background, text)).toBeGreaterThanOrEqual(4.5);
  release();
  await journey.expectHeading('Choose devices to connect');
});

test("the app's brand colour is on the primary button and focus ring, readable", async ({
  page,
}) => {
  const { customerId } = admin('customer:create', '--name', 'Brand Energy');
  const { appId } = admin(
    'app:create',
    '--customer',
    customerId!,
    '--name',
    'Brand App',
    '--redirect-url',
    'http://localhost:9/done',
    '--reconnect-redirect-url',
    'http://localhost:9/again',
    '--primary-color',
    '#1D4ED8',
  );
  const journey = new JourneyPage(page);
  await journey.launch({ appId: appId! });
  const button = page.getByRole('button', { name: 'Continue' });
  await expect(button).toBeEnabled();
  expect(await cssColor(button, 'background-color')).toBe('#1d4ed8');
  expect(contrastRatio('#1d4ed8', await cssColor(button, 'color'))).toBeGreaterThanOrEqual(4.5);
  await button.focus();
  expect(await cssColor(button, 'outline-color')).toBe('#1d4ed8');
});
