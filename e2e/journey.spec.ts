import { expect, test } from '@playwright/test';
import { JourneyPage, uniqueUser } from './support/journey';

test.describe('connect journey', () => {
  test('vehicle with MFA: every step, then success redirect with the exact parameters', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    const userId = uniqueUser('mfa');
    await journey.launch({ userId, state: 'opaque-123' });
    await expect(page.getByText('Demo Energy App', { exact: true })).toBeVisible();
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    await journey.choose('Volta Motors');
    await journey.expectHeading('Sign in to Volta Motors');
    await journey.signIn('user_mfa', 'pass_good');
    await journey.expectHeading('Enter your verification code');
    await journey.enterCode('123456');
    await journey.expectHeading('Choose devices to connect');
    const devices = page.getByRole('checkbox');
    await expect(devices).toHaveCount(2);
    await journey.continue();
    await journey.expectHeading('Allow Demo Energy App to access your devices');
    await page.getByRole('button', { name: 'Allow' }).click();

    const params = await journey.redirectParams();
    expect(params.get('status')).toBe('success');
    expect(params.get('userId')).toBe(userId);
    expect(params.get('state')).toBe('opaque-123');
    expect(params.get('journeyId')).toMatch(/^jrn_/);
    expect(params.get('deviceIds')?.split(',')).toHaveLength(2);
    await expect(page.getByRole('heading', { name: 'Journey result: success' })).toBeVisible();
  });

  test('a wrong MFA code is refused with attempts left, then the right one passes', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials('EV charger', 'Current Chargers');
    await journey.signIn('user_mfa', 'pass_good');
    await journey.enterCode('000000');
    await expect(journey.alert()).toContainText('4 attempts left');
    await expect(page.getByLabel('Verification code')).toHaveValue('');
    await journey.enterCode('123456');
    await journey.expectHeading('Choose devices to connect');
  });

  test('an OEM with two auth methods: choosing API key', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.choose('Battery');
    await journey.choose('Stellar Storage');
    await journey.expectHeading('How do you sign in to Stellar Storage?');
    await journey.choose('API key');
    await journey.expectHeading('Enter your Stellar Storage API key');
    await journey.enterApiKey('key_good');
    await journey.expectHeading('Choose devices to connect');
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    const params = await journey.redirectParams();
    expect(params.get('status')).toBe('success');
    expect(params.get('deviceIds')?.split(',')).toHaveLength(2);
  });

  test('device selection lists all 25 devices and registers only the chosen ones', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials('HVAC', 'Nimbus Climate');
    await journey.signIn('user_many', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
    const boxes = page.getByRole('checkbox');
    await expect(boxes).toHaveCount(25);
    for (let i = 3; i < 25; i++) await boxes.nth(i).uncheck();
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    const params = await journey.redirectParams();
    expect(params.get('deviceIds')?.split(',')).toHaveLength(3);
  });

  test('a second journey for the same devices marks them already connected and never duplicates them', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    const userId = uniqueUser('repeat');
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      await journey.launch({ userId });
      await journey.toCredentials('Solar inverter', 'Helios Inverters');
      await journey.enterApiKey('key_good');
      await journey.expectHeading('Choose devices to connect');
      if (run === 1) await expect(page.getByText('Already connected')).toHaveCount(2);
      await journey.continue();
      await page.getByRole('button', { name: 'Allow' }).click();
      ids.push((await journey.redirectParams()).get('deviceIds') ?? '');
    }
    expect(ids[1]).toBe(ids[0]);
    await expect(
      page.getByRole('region', { name: `Devices of ${userId}` }).getByRole('listitem'),
    ).toHaveCount(2);
  });
});

test.describe('exits and failures', () => {
  test('Cancel returns to the app with the step it was pressed on', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch({ state: 's1' });
    await journey.choose('Vehicle');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const params = await journey.redirectParams();
    expect(Object.fromEntries(params)).toEqual({
      status: 'cancelled',
      reason: 'user_exit',
      step: 'oem',
      userId: expect.stringMatching(/^e2e-/),
      state: 's1',
    });
  });

  test('a wrong password is refused, the field cleared, and a retry succeeds', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_good', 'not-the-password');
    await expect(journey.alert()).toContainText('Volta Motors did not accept those details');
    await expect(journey.alert()).toContainText('4 attempts left');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
  });

  test('five failed logins end the journey with TOO_MANY_ATTEMPTS', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    for (let i = 0; i < 4; i++) {
      await journey.signIn('user_good', `wrong-${i}`);
      await expect(journey.alert()).toContainText(`${4 - i} attempt`);
    }
    await journey.signIn('user_good', 'wrong-last');
    await journey.expectHeading('Too many attempts');
    await journey.returnToApp();
    const params = await journey.redirectParams();
    expect(params.get('status')).toBe('error');
    expect(params.get('error')).toBe('TOO_MANY_ATTEMPTS');
  });

  test('a locked account ends the journey with ACCOUNT_LOCKED', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_locked', 'whatever');
    await journey.expectHeading('Your Volta Motors account is locked');
    await journey.returnToApp();
    const params = await journey.redirectParams();
    expect(params.get('status')).toBe('error');
    expect(params.get('error')).toBe('ACCOUNT_LOCKED');
  });

  test('an OEM outage offers a retry that can succeed', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_oem_down', 'whatever');
    await expect(journey.alert()).toContainText('not responding');
    await journey.expectHeading('Sign in to Volta Motors');
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
  });

  test('an account without devices ends with NO_DEVICES', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn('user_no_devices', 'pass_good');
    await journey.expectHeading('No devices found');
    await journey.returnToApp();
    const params = await journey.redirectParams();
    expect(params.get('error')).toBe('NO_DEVICES');
  });
});

test.describe('launch validation', () => {
  test('an unknown app gets an explanatory page, never a redirect', async ({ page }) => {
    const response = await page.goto('/journey?appId=app_nope&userId=u1');
    expect(response?.status()).toBe(200);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Unknown application' }),
    ).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/journey');
  });

  test('a missing userId is explained', async ({ page }) => {
    await page.goto('/journey?appId=app_demo');
    await expect(page.getByRole('heading', { level: 1, name: 'Missing user' })).toBeVisible();
  });

  test('a malformed launch is explained', async ({ page }) => {
    await page.goto('/journey?appId=app_demo&userId=u1&environment=production');
    await expect(page.getByRole('heading', { level: 1, name: 'Invalid link' })).toBeVisible();
  });

  test('an unsigned live launch is refused: live journeys start from the app’s server', async ({
    page,
  }) => {
    await page.goto('/journey?appId=app_demo&userId=u1&environment=live');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Link not valid for live' }),
    ).toBeVisible();
    await expect(page.getByText('POST /api/journey/sessions')).toBeVisible();
  });

  test('NUL characters in userId or state are explained, and no SQL reaches the log', async ({
    page,
  }) => {
    const { readFileSync } = await import('node:fs');
    const logBefore = readFileSync(process.env.E2E_SERVER_LOG!, 'utf8').length;
    for (const query of ['userId=a%00b', 'userId=u1&state=s%00']) {
      const response = await page.goto(`/journey?appId=app_demo&${query}`);
      expect(response?.status(), query).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: 'Invalid link' })).toBeVisible();
      await expect(page.getByText(/must not contain NUL characters/)).toBeVisible();
    }
    const log = readFileSync(process.env.E2E_SERVER_LOG!, 'utf8').slice(logBefore);
    expect(log).not.toMatch(/Failed query|params:|insert into/i);
  });
});
