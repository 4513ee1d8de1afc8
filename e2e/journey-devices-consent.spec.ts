import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

test('25 devices: select none/all with a count, one page scroll, a summarised consent with Allow in view', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await journey.launch();
  await journey.toCredentials('HVAC', 'Nimbus Climate');
  await journey.signIn('user_many', 'pass_good');
  await journey.expectHeading('Choose devices to connect');
  const boxes = page.getByRole('checkbox');
  await expect(boxes).toHaveCount(25);
  await expect(page.getByText('25 of 25 selected')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Select all' })).toBeDisabled();
  await page.getByRole('button', { name: 'Select none' }).click();
  await expect(page.getByText('0 of 25 selected')).toBeVisible();
  for (const box of await boxes.all()) await expect(box).not.toBeChecked();
  await page.getByRole('button', { name: 'Select all' }).click();
  await expect(page.getByText('25 of 25 selected')).toBeVisible();
  await boxes.nth(24).uncheck();
  await expect(page.getByText('24 of 25 selected')).toBeVisible();
  // No list scrolls inside the scrolling page.
  const nested = await page.locator('main *').evaluateAll(
    (els) =>
      els.filter((el) => {
        const style = getComputedStyle(el);
        return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
      }).length,
  );
  expect(nested).toBe(0);

  await journey.continue();
  await journey.expectHeading('Allow Demo Energy App to access your devices');
  const listed = page
    .getByRole('region', { name: '24 devices from Nimbus Climate' })
    .getByRole('listitem');
  await expect(listed).toHaveCount(4);
  await expect(listed.last()).toHaveText('and 21 more');
  await expect(page.getByRole('button', { name: 'Allow' })).toBeInViewport();
  await expect(page.getByText('never sees your Nimbus Climate password')).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();
  await journey.expectHeading('Connected: 24 devices');
  const params = await journey.redirectParams();
  expect(params.get('deviceIds')?.split(',')).toHaveLength(24);
});

test('after an API key, consent speaks of the API key; success is shown before the hand-off', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await journey.launch();
  await journey.toCredentials('Solar inverter', 'Helios Inverters');
  await journey.enterApiKey('key_good');
  await journey.expectHeading('Choose devices to connect');
  await journey.continue();
  await expect(page.getByText('never sees your Helios Inverters API key')).toBeVisible();
  await expect(page.getByText(/password/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Allow' }).click();
  // The success screen is on screen (and announced) while the journey still lives here.
  await journey.expectHeading('Connected: 2 devices');
  await expect(page.getByRole('status')).toContainText('connected to Demo Energy App');
  expect(new URL(page.url()).pathname).toBe('/journey');
  expect((await journey.redirectParams()).get('status')).toBe('success');
});
