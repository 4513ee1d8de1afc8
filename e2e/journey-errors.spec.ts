import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

/** Holds step requests (server action POSTs) until released. */
async function holdSteps(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/journey*', async (route) => {
    if (route.request().method() === 'POST') await released;
    await route.continue();
  });
  return release;
}

test.describe('a refused step: focus on the message, the maker named, what was typed kept', () => {
  test('wrong password: the message takes focus, the password is cleared, the maker’s reset page is offered', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    const forgot = page.getByRole('link', { name: 'Forgot your Volta Motors password?' });
    await expect(forgot).toHaveAttribute(
      'href',
      'https://account.voltamotors.example/reset-password',
    );
    await expect(forgot).toHaveAttribute('target', '_blank');
    await journey.signIn('user_good', 'wrong');
    await expect(journey.alert()).toBeFocused();
    await expect(journey.alert()).toHaveText(
      'Volta Motors did not accept those details. Check them and try again. 4 attempts left.',
    );
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue('user_good');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    // A second refusal moves focus to the message again.
    await page.getByLabel('Password', { exact: true }).fill('wrong-again');
    await journey.continue();
    await expect(journey.alert()).toContainText('3 attempts left');
    await expect(journey.alert()).toBeFocused();
  });

  test('maker outage: the message takes focus and the username and password stay for the retry', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_oem_down', 'secret-1');
    await expect(journey.alert()).toBeFocused();
    await expect(journey.alert()).toContainText('Volta Motors is not responding right now');
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue('user_oem_down');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('secret-1');
  });

  test('API key refused: focus on the message, the key cleared', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials('Solar inverter', 'Helios Inverters');
    await journey.enterApiKey('key_wrong');
    await expect(journey.alert()).toBeFocused();
    await expect(journey.alert()).toContainText('Helios Inverters did not accept those details');
    await expect(page.getByLabel('API key')).toHaveValue('');
  });

  test('wrong verification code: focus on the message, naming the maker', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_mfa', 'pass_good');
    await journey.enterCode('000000');
    await expect(journey.alert()).toBeFocused();
    await expect(journey.alert()).toContainText('Volta Motors did not accept that code');
  });

  test('lost connection: focus on the message, and what was typed stays', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await page.route('**/journey*', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await journey.signIn('user_good', 'pass_good');
    await expect(journey.alert()).toBeFocused();
    await expect(journey.alert()).toContainText('We could not reach the server');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('pass_good');
  });
});

test.describe('a journey that ends in an error says what to do and returns to the app', () => {
  for (const [username, code, heading, advice, help] of [
    [
      'user_locked',
      'ACCOUNT_LOCKED',
      'Your Volta Motors account is locked',
      'Unlock it in the Volta Motors app',
      'Unlock your Volta Motors account',
    ],
    [
      'user_no_devices',
      'NO_DEVICES',
      'No devices found',
      'Add your device in the Volta Motors app, or try another account',
      null,
    ],
  ] as const) {
    test(code, async ({ page }) => {
      const journey = new JourneyPage(page);
      const userId = `err-${code.toLowerCase()}`;
      await journey.launch({ userId });
      await journey.toCredentials();
      await journey.signIn(username, 'pass_good');
      await journey.expectHeading(heading);
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await expect(page.getByText(advice)).toBeVisible();
      if (help) {
        await expect(page.getByRole('link', { name: help })).toHaveAttribute(
          'href',
          'https://account.voltamotors.example/reset-password',
        );
      }
      await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
      await journey.returnToApp();
      const params = await journey.redirectParams();
      expect(Object.fromEntries(params)).toEqual({
        status: 'error',
        error: code,
        userId,
        oem: 'volta',
      });
    });
  }

  test('TOO_MANY_ATTEMPTS offers the maker’s password reset', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials('EV charger', 'Current Chargers');
    for (let i = 0; i < 5; i++) {
      await journey.signIn('user_good', `wrong-${i}`);
      if (i < 4) await expect(journey.alert()).toContainText(`${4 - i} attempt`);
    }
    await journey.expectHeading('Too many attempts');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(
      page.getByRole('link', { name: 'Reset your Current Chargers password' }),
    ).toBeVisible();
    await journey.returnToApp();
    const params = await journey.redirectParams();
    expect(params.get('error')).toBe('TOO_MANY_ATTEMPTS');
    expect(params.get('oem')).toBe('current');
  });
});

test.describe('while the maker is asked', () => {
  test('"Connecting to Volta Motors…" is announced, and the busy button keeps its label', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    const release = await holdSteps(page);
    await journey.signIn('user_good', 'pass_good');
    const live = page.locator('[aria-live="polite"]', { hasText: 'Connecting to Volta Motors…' });
    await expect(live).toBeVisible();
    await expect(page.getByRole('button', { name: 'Signing in…' })).toHaveAttribute(
      'aria-busy',
      'true',
    );
    release();
    await journey.expectHeading('Choose devices to connect');
    await expect(live).toHaveCount(0);
  });
});

test.describe('page titles', () => {
  test('each step names the tab', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await expect(page).toHaveTitle('What would you like to connect? · Connect your device');
    await journey.choose('Vehicle');
    await expect(page).toHaveTitle('Who makes your vehicle? · Connect your device');
    await journey.choose('Volta Motors');
    await expect(page).toHaveTitle('Sign in to Volta Motors · Connect your device');
  });
});
