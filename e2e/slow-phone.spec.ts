import type { Route } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { DEMO_APP_ID, JourneyPage, uniqueUser } from './support/journey';

/**
 * A slow phone: the page is drawn long before its scripts run. Holding every script until the person
 * has already tapped makes the gap as wide as it gets, deterministically.
 */
test('a choice tapped before the scripts run is kept, and Continue waits for them', async ({
  page,
}) => {
  const held: Route[] = [];
  let holding = true;
  await page.route('**/_next/static/**/*.js', (route) =>
    holding ? void held.push(route) : route.continue(),
  );
  const params = new URLSearchParams({ appId: DEMO_APP_ID, userId: uniqueUser('slow') });
  await page.goto(`/journey?${params}`, { waitUntil: 'domcontentloaded' });
  const journey = new JourneyPage(page);
  await journey.expectHeading('What would you like to connect?');

  await page.getByRole('radio', { name: 'Vehicle', exact: true }).check();
  const continueButton = page.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toBeDisabled();
  // A tap on Continue in the gap does nothing: no bare form submission, the journey stays.
  await continueButton.click({ force: true });
  expect(new URL(page.url()).searchParams.has('resume')).toBe(true);

  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await expect(continueButton).toBeEnabled();
  await expect(page.getByRole('radio', { name: 'Vehicle', exact: true })).toBeChecked();
  await continueButton.click();
  await journey.expectHeading('Who makes your vehicle?');
});
