import type { Page, Route } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { DEMO_APP_ID, JourneyPage, uniqueUser } from './support/journey';
import { expiredConnection } from './support/reconnection';

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
  expect(new URL(page.url()).searchParams.get('appId')).toBe(DEMO_APP_ID);

  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await expect(continueButton).toBeEnabled();
  await expect(page.getByRole('radio', { name: 'Vehicle', exact: true })).toBeChecked();
  await continueButton.click();
  await journey.expectHeading('Who makes your vehicle?');
});

/** Every script of the page arrives 1.5 s late, as on a slow phone's network. */
async function delayScripts(page: Page) {
  await page.route('**/_next/static/**/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
}

/**
 * An impatient person: taps `choice` (if any) and Continue as soon as the step is painted, and again
 * while nothing happens, until `next` is shown. Between taps the journey must still be here, on its
 * own address: a tap never leaves it.
 */
async function tapThrough(page: Page, choice: string | null, next: string | RegExp) {
  const journey = new JourneyPage(page);
  const heading = page.getByRole('heading', {
    level: 1,
    name: next,
    exact: typeof next === 'string',
  });
  await expect(async () => {
    if (await heading.isVisible()) return;
    const radio = choice ? page.getByRole('radio', { name: choice, exact: true }) : null;
    if (radio && (await radio.isVisible())) await radio.check({ timeout: 500 });
    const button = page.getByRole('button', { name: 'Continue' });
    if (await button.isVisible()) await button.click({ force: true, timeout: 500 });
    expect(new URL(page.url()).pathname).toMatch(/^\/journey/);
    await expect(heading).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await journey.expectHeading(next);
}

test('connect with every script 1.5 s late: tapping through at once never loses the launch', async ({
  page,
}) => {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await delayScripts(page);
  const userId = uniqueUser('slow');
  const params = new URLSearchParams({ appId: DEMO_APP_ID, userId, state: 'slow-1' });
  await page.goto(`/journey?${params}`, { waitUntil: 'commit' });
  await new JourneyPage(page).expectHeading('What would you like to connect?');
  await tapThrough(page, 'Vehicle', 'Who makes your vehicle?');
  await tapThrough(page, 'Volta Motors', 'Sign in to Volta Motors');
  await page.waitForURL((url) => url.searchParams.has('resume'));

  const journey = new JourneyPage(page);
  await journey.signIn('user_good', 'pass_good');
  await journey.expectHeading('Choose devices to connect');
  await journey.continue();
  await page.getByRole('button', { name: 'Allow' }).click();
  const back = await journey.redirectParams();
  expect(back.get('status')).toBe('success');
  expect(back.get('userId')).toBe(userId);
  expect(back.get('state')).toBe('slow-1');
  // No tap ever sent a bare HTML form (a choice or a secret in an address).
  expect(urls.join('\n')).not.toMatch(/pass_good|[?&]:r|=vehicle|=volta/);
});

test.describe('reconnect on a slow phone', () => {
  const server = new CustomerServer();
  let customer: ReturnType<typeof provisionCustomer>;
  test.beforeAll(async () => {
    await server.start();
    customer = provisionCustomer(server, 'Slow Reconnect Co');
  });
  test.afterAll(() => server.stop());

  test('with every script 1.5 s late, tapping Continue and signing in at once', async ({
    page,
    request,
  }) => {
    const { reconnectionUrl } = await expiredConnection(page, request, server, customer);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await delayScripts(page);
    await page.goto(reconnectionUrl, { waitUntil: 'commit' });
    const journey = new JourneyPage(page);
    await journey.expectHeading('Reconnect your Volta Motors account');
    await tapThrough(page, null, 'Sign in to Volta Motors');
    // The sign-in form is painted before its scripts: a person types and taps at once.
    await page.getByLabel('Username', { exact: true }).fill('user_good');
    await page.getByLabel('Password', { exact: true }).fill('pass_good');
    await tapThrough(page, null, /Reconnect .* to access your devices/);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/reconnected');
    const back = new URL(page.url()).searchParams;
    expect(back.get('status')).toBe('success');
    expect(back.get('mode')).toBe('reconnect');
    expect(urls.join('\n')).not.toContain('pass_good');
  });
});
