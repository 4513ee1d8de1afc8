import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

test.describe('Back and Forward', () => {
  test('the step’s own Back goes to the previous step before sign-in', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await expect(page.getByRole('button', { name: 'Back' })).toHaveCount(0);
    await journey.choose('Vehicle');
    await journey.choose('Ampere Auto');
    await journey.choose('API key');
    await journey.expectHeading('Enter your Ampere Auto API key');
    await page.getByRole('button', { name: 'Back' }).click();
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await page.getByRole('button', { name: 'Back' }).click();
    await journey.expectHeading('Who makes your vehicle?');
    // The browser's history agrees: one more browser Back reaches the first step.
    await page.goBack();
    await journey.expectHeading('What would you like to connect?');
  });

  test('Forward on the first step changes nothing and says nothing about signing in', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    await page.goBack();
    await journey.expectHeading('What would you like to connect?');
    await page.goForward();
    await journey.expectHeading('What would you like to connect?');
    await expect(page.getByText('can’t go back after signing in')).toHaveCount(0);
    await journey.choose('Battery');
    await journey.expectHeading('Who makes your battery?');
  });

  test('after sign-in there is no Back button, and browser Back explains', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
    await expect(page.getByRole('button', { name: 'Back' })).toHaveCount(0);
    await page.goBack();
    await expect(page.getByRole('status')).toContainText('can’t go back after signing in');
  });
});

test.describe('Cancel', () => {
  test('before sign-in it leaves at once, with the user and the maker', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch({ userId: 'cancel-before' });
    await journey.toCredentials();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(Object.fromEntries(await journey.redirectParams())).toEqual({
      status: 'cancelled',
      reason: 'user_exit',
      step: 'credentials',
      userId: 'cancel-before',
      oem: 'volta',
    });
  });

  test('after sign-in it asks first: Stay keeps the journey, Leave ends it', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch({ userId: 'cancel-after' });
    await journey.toCredentials();
    await journey.signIn('user_mfa', 'pass_good');
    await journey.expectHeading('Enter your verification code');
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await cancel.click();
    const dialog = page.getByRole('dialog', { name: 'Leave? Your devices won’t be connected' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Stay' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cancel).toBeFocused();
    await journey.enterCode('123456');
    await journey.expectHeading('Choose devices to connect');

    await cancel.click();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await expect(dialog).toBeHidden();
    await journey.expectHeading('Choose devices to connect');

    await cancel.click();
    await dialog.getByRole('button', { name: 'Leave' }).click();
    expect(Object.fromEntries(await journey.redirectParams())).toEqual({
      status: 'cancelled',
      reason: 'user_exit',
      step: 'devices',
      userId: 'cancel-after',
      oem: 'volta',
    });
  });
});
