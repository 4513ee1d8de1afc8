import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

/**
 * A reload keeps the journey until the person signs in to the maker: before, it resumes at the step
 * it was on (the page takes the journey's own address); after, it says the connection is in progress and
 * offers the way back to the app, and nothing signed in continues from an address alone.
 */
test.describe('reload before sign-in resumes at the current step', () => {
  test('at every step before the credentials, and on the sign-in form itself', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    const address = page.url();
    expect(new URL(address).searchParams.has('resume')).toBe(true);

    await page.reload();
    await journey.expectHeading('What would you like to connect?');
    await expect(page.getByText('Step 1 of 7')).toBeVisible();

    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    await page.reload();
    await journey.expectHeading('Who makes your vehicle?');
    await expect(page.getByText('Step 2 of 7')).toBeVisible();

    await journey.choose('Ampere Auto');
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await page.reload();
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await expect(page.getByText('Step 3 of 7')).toBeVisible();

    await journey.choose('Username and password');
    await journey.expectHeading('Sign in to Ampere Auto');
    await page.reload();
    await journey.expectHeading('Sign in to Ampere Auto');
    await expect(page.getByText('Step 4 of 7')).toBeVisible();
    // A refused attempt does not sign in: a reload still resumes, with the attempts counted.
    await journey.signIn('user_good', 'wrong');
    await expect(journey.alert()).toContainText('4 attempts left');
    await page.reload();
    await journey.expectHeading('Sign in to Ampere Auto');
    await journey.signIn('user_good', 'wrong-again');
    await expect(journey.alert()).toContainText('3 attempts left');

    // The resumed journey goes on to the end, on the same address.
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
    expect(page.url()).toBe(address);
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await journey.redirectParams()).get('status')).toBe('success');
  });

  test('Back still works after a reload', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.choose('Vehicle');
    await journey.choose('Volta Motors');
    await journey.expectHeading('Sign in to Volta Motors');
    await page.reload();
    await journey.expectHeading('Sign in to Volta Motors');
    await page.getByRole('button', { name: 'Back' }).click();
    await journey.expectHeading('Who makes your vehicle?');
  });
});

test.describe('after sign-in, a reload or a reused address cannot continue', () => {
  for (const [name, toStep, heading] of [
    ['verification code', 'mfa', 'Enter your verification code'],
    ['device list', 'devices', 'Choose devices to connect'],
    ['consent', 'consent', /Allow Demo Energy App/],
  ] as const) {
    test(`reload on the ${name}`, async ({ page }) => {
      const journey = new JourneyPage(page);
      await journey.launch({ state: 'reload-1' });
      await journey.toCredentials();
      await journey.signIn(toStep === 'mfa' ? 'user_mfa' : 'user_good', 'pass_good');
      if (toStep === 'consent') {
        await journey.expectHeading('Choose devices to connect');
        await journey.continue();
      }
      await journey.expectHeading(heading);
      await page.reload();
      await journey.expectHeading('Your connection is in progress');
      await expect(page.getByText('You already signed in to Volta Motors')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Allow' })).toHaveCount(0);
      await page.getByRole('link', { name: 'Return to Demo Energy App' }).click();
      const params = await journey.redirectParams();
      expect(params.get('status')).toBe('error');
      expect(params.get('oem')).toBe('volta');
      expect(params.get('state')).toBe('reload-1');
    });
  }

  test('the address opened in another tab after sign-in shows no step, and the first tab goes on', async ({
    page,
    context,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    const address = page.url();
    await journey.toCredentials();
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');

    const other = await context.newPage();
    await other.goto(address);
    await new JourneyPage(other).expectHeading('Your connection is in progress');
    await expect(other.getByRole('checkbox')).toHaveCount(0);
    await other.close();

    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await journey.redirectParams()).get('status')).toBe('success');
  });

  test('a finished journey’s address says it has ended', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    const address = page.url();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await journey.redirectParams();
    await page.goto(address);
    await journey.expectHeading('This connection has ended');
    await expect(page.getByRole('link', { name: 'Return to Demo Energy App' })).toBeVisible();
  });
});
