import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

async function expectNoViolations(page: Page, step: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${step}`).toEqual([]);
}

test('every journey step passes axe (WCAG 2.1 AA) and is operable by keyboard', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await journey.launch();
  await expectNoViolations(page, 'device type');
  // Keyboard only: focus starts on the step heading; Tab to the first choice, Space selects, Enter submits.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Vehicle' })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await journey.expectHeading('Who makes your vehicle?');
  await expectNoViolations(page, 'oem');
  await journey.choose('Ampere Auto');
  await expectNoViolations(page, 'auth method');
  await journey.choose('Username and password');
  await expectNoViolations(page, 'credentials');
  await journey.signIn('user_good', 'wrong');
  await expect(journey.alert()).toBeVisible();
  await expectNoViolations(page, 'credentials with error');
  await journey.signIn('user_mfa', 'pass_good');
  await journey.expectHeading('Enter your verification code');
  await expectNoViolations(page, 'mfa');
  await journey.enterCode('123456');
  await journey.expectHeading('Choose devices to connect');
  await expectNoViolations(page, 'devices');
  await journey.continue();
  await journey.expectHeading(/Allow/);
  await expectNoViolations(page, 'consent');
});

test('launch error and demo pages pass axe', async ({ page }) => {
  await page.goto('/journey?appId=nope&userId=u');
  await expectNoViolations(page, 'launch error');
  await page.goto('/');
  await expectNoViolations(page, 'demo');
});
