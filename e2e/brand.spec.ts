import type { Route } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { admin } from './support/customer-server';
import { DEMO_APP_ID, JourneyPage, uniqueUser } from './support/journey';

/** Launch parameters, the OEM step, sign-in help and the app's logo, as a person meets them. */

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => v.id),
    `axe violations on ${label}`,
  ).toEqual([]);
}

function launchUrl(params: Record<string, string>) {
  return `/journey?${new URLSearchParams({ appId: DEMO_APP_ID, userId: uniqueUser('brand'), ...params })}`;
}

test('deviceType skips the device-type step; the OEM step shows logos and a way out', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await page.goto(launchUrl({ deviceType: 'vehicle', state: 'st-1' }));
  await journey.expectHeading('Who makes your vehicle?');
  const volta = page.getByRole('radio', { name: 'Volta Motors', exact: true });
  await expect(volta).toBeVisible();
  // The logo is a local file, decorative (the name is the label).
  const logo = page.locator('label', { has: volta }).locator('img');
  await expect(logo).toHaveAttribute('src', '/oems/volta.svg');
  await expect(logo).toHaveAttribute('alt', '');
  // Two vehicle makers in the sandbox: no search field below the threshold.
  await expect(page.getByLabel('Search makers')).toHaveCount(0);
  await expectNoViolations(page, 'OEM step');
  await page.getByRole('button', { name: "My brand isn't listed" }).click();
  const params = await journey.redirectParams();
  expect(Object.fromEntries(params)).toMatchObject({
    status: 'cancelled',
    reason: 'oem_not_listed',
    step: 'oem',
    state: 'st-1',
  });
});

test('oem skips to the sign-in; an OEM the app does not offer is a launch error, not a redirect', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await page.goto(launchUrl({ oem: 'volta' }));
  await journey.expectHeading('Sign in to Volta Motors');
  await journey.signIn('user_good', 'pass_good');
  await journey.expectHeading('Choose devices to connect');

  const bad = launchUrl({ oem: 'tesla' });
  await page.goto(bad);
  await journey.expectHeading('Manufacturer not available');
  await expect(page.getByText('oem "tesla" is not one of this app’s supported OEMs')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/journey');

  await page.goto(launchUrl({ oem: 'volta', deviceType: 'battery' }));
  await journey.expectHeading('Manufacturer not available');
  await expect(page.getByText(/makes vehicles, not batteries/)).toBeVisible();
});

test('POST /api/journey/sessions with oem opens the journey at that OEM', async ({ page }) => {
  const { customerId } = admin('customer:create', '--name', 'Preset Energy');
  const { appId } = admin(
    'app:create',
    '--customer',
    customerId!,
    '--name',
    'Preset App',
    '--redirect-url',
    'http://localhost:9/done',
    '--reconnect-redirect-url',
    'http://localhost:9/again',
    '--oems',
    'stellar,helios',
  );
  const { key } = admin('key:create', '--customer', customerId!, '--env', 'sandbox');
  const create = (body: Record<string, string>) =>
    page.request.post('/api/journey/sessions', {
      headers: { 'x-api-key': key! },
      data: { appId, userId: uniqueUser('api'), ...body },
    });
  const refused = await create({ oem: 'volta' });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'oem' });

  const created = await create({ oem: 'helios' });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()).data as { url: string };
  await page.goto(url);
  const journey = new JourneyPage(page);
  await journey.expectHeading('Enter your Helios Inverters API key');
  // Where do I find my API key? — a disclosure with the OEM's own steps.
  const help = page.getByText('Where do I find my API key?');
  await expect(page.getByText('Open Account → Security → Personal API key.')).toBeHidden();
  await help.click();
  await expect(page.getByText('Open Account → Security → Personal API key.')).toBeVisible();
  await expectNoViolations(page, 'API key form with its help open');
});

test('the MFA step names the channel, opens the numeric keypad, and throttles Resend code', async ({
  page,
}) => {
  const journey = new JourneyPage(page);
  await page.goto(launchUrl({ oem: 'volta' }));
  await journey.signIn('user_mfa', 'pass_good');
  await journey.expectHeading('Enter your verification code');
  await expect(
    page.getByText('Volta Motors sent a 6-digit code to your phone ending 42.'),
  ).toBeVisible();
  const code = page.getByLabel('Verification code');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  // The code was sent a moment ago: a new one is refused until 30 seconds have passed.
  await page.getByRole('button', { name: 'Resend code' }).click();
  await expect(journey.alert()).toContainText('A code was sent less than 30 seconds ago');
  await expectNoViolations(page, 'MFA step after a throttled resend');
  // The refusal used nothing up: the code still signs in.
  await journey.enterCode('123456');
  await journey.expectHeading('Choose devices to connect');
});

test("the journey makes no third-party request: a logo that cannot be fetched leaves the app's initial", async ({
  page,
  baseURL,
}) => {
  const { customerId } = admin('customer:create', '--name', 'Logo Energy');
  const { appId } = admin(
    'app:create',
    '--customer',
    customerId!,
    '--name',
    'Logo App',
    '--redirect-url',
    'http://localhost:9/done',
    '--reconnect-redirect-url',
    'http://localhost:9/again',
    '--logo-url',
    'https://logo.invalid/brand.png',
  );
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const journey = new JourneyPage(page);
  await journey.launch({ appId: appId! });
  await expect(page.locator('header img')).toHaveCount(0);
  await expect(page.locator('header [aria-hidden="true"]')).toHaveText('L');
  await journey.toCredentials();
  await journey.expectHeading('Sign in to Volta Motors');
  const origin = new URL(baseURL!).origin;
  const elsewhere = requests.filter(
    (url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'),
  );
  expect(elsewhere).toEqual([]);
  expect(requests.length).toBeGreaterThan(3);
  // …and the OEM logos came from here too.
  expect(requests).toContain(`${origin}/oems/volta.svg`);
});

test('the OEM step works before the scripts run: a maker tapped early is kept, nothing leaves', async ({
  page,
}) => {
  const held: Route[] = [];
  let holding = true;
  await page.route('**/_next/static/**/*.js', (route) =>
    holding ? void held.push(route) : route.continue(),
  );
  await page.goto(launchUrl({ deviceType: 'vehicle' }), { waitUntil: 'domcontentloaded' });
  const journey = new JourneyPage(page);
  await journey.expectHeading('Who makes your vehicle?');
  await page.getByRole('radio', { name: 'Ampere Auto', exact: true }).check();
  const notListed = page.getByRole('button', { name: "My brand isn't listed" });
  await expect(notListed).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();

  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await expect(notListed).toBeEnabled();
  await expect(page.getByRole('radio', { name: 'Ampere Auto', exact: true })).toBeChecked();
  await journey.continue();
  await journey.expectHeading('How do you sign in to Ampere Auto?');
});
