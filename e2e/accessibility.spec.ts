import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';
import { expectNoAxeViolations } from './support/axe';

test('every journey step passes axe (WCAG 2.1 AA) and is operable by keyboard', async ({
  page,
}) => {
  // Eight axe runs: about 50 s on a busy two-core machine, so more than the default minute.
  test.setTimeout(180_000);
  const journey = new JourneyPage(page);
  await journey.launch();
  await expectNoAxeViolations(page, 'device type');
  // Keyboard only: focus starts on the step heading; Tab to the first choice, Space selects, Enter submits.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Vehicle' })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await journey.expectHeading('Who makes your vehicle?');
  await expectNoAxeViolations(page, 'oem');
  await journey.choose('Ampere Auto');
  await expectNoAxeViolations(page, 'auth method');
  await journey.choose('Username and password');
  await expectNoAxeViolations(page, 'credentials');
  await journey.signIn('user_good', 'wrong');
  await expect(journey.alert()).toBeVisible();
  await expectNoAxeViolations(page, 'credentials with error');
  await journey.signIn('user_mfa', 'pass_good');
  await journey.expectHeading('Enter your verification code');
  await expectNoAxeViolations(page, 'mfa');
  await journey.enterCode('123456');
  await journey.expectHeading('Choose devices to connect');
  await expectNoAxeViolations(page, 'devices');
  await journey.continue();
  await journey.expectHeading(/Allow/);
  await expectNoAxeViolations(page, 'consent');
});

test('launch error and demo pages pass axe', async ({ page }) => {
  await page.goto('/journey?appId=nope&userId=u');
  await expectNoAxeViolations(page, 'launch error');
  await page.goto('/');
  await expectNoAxeViolations(page, 'demo');
});
