import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signReconnectToken } from '../lib/tokens';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { JourneyPage, uniqueUser } from './support/journey';

test.describe('as a customer: connect, disconnect, reconnect', () => {
  const server = new CustomerServer();
  let customer: ReturnType<typeof provisionCustomer>;

  test.beforeAll(async () => {
    await server.start();
    customer = provisionCustomer(server, `Reconnect Co ${uniqueUser('c')}`);
  });
  test.afterAll(() => server.stop());

  test('disconnect emits a reconnectionUrl; following it reconnects the same devices once', async ({
    page,
    request,
  }) => {
    const journey = new JourneyPage(page);
    const userId = uniqueUser('rc');

    // 1. The customer's server starts a journey through the API and sends the user to it.
    const started = await request.post('/api/journey/sessions', {
      headers: { authorization: `Bearer ${customer.apiKey}` },
      data: { appId: customer.appId, userId, state: 'st-1' },
    });
    expect(started.status()).toBe(201);
    const { data } = (await started.json()) as { data: { url: string } };
    await page.goto(data.url);
    await journey.expectHeading('What would you like to connect?');
    await journey.toCredentials('Vehicle', 'Volta Motors');
    await journey.signIn('user_good', 'pass_good');
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/done');
    const done = new URL(page.url()).searchParams;
    expect(done.get('tenant')).toBe('1');
    expect(done.get('state')).toBe('st-1');
    const deviceIds = (done.get('deviceIds') ?? '').split(',');
    expect(deviceIds).toHaveLength(2);

    const connected = await server.waitFor('device.connected', 2, (w) => w.data.userId === userId);
    expect(connected.every((w) => w.verified)).toBe(true);
    expect(connected.map((w) => w.data.deviceId).sort()).toEqual([...deviceIds].sort());

    // 2. The OEM expires the credentials (sandbox endpoint): one device.disconnected per device.
    const disconnect = await request.post(`/api/sandbox/devices/${deviceIds[0]}/disconnect`, {
      headers: { 'x-api-key': customer.apiKey },
    });
    expect(disconnect.status()).toBe(200);
    const disconnected = await server.waitFor(
      'device.disconnected',
      2,
      (w) => w.data.userId === userId,
    );
    const reconnectionUrl = String(disconnected[0]!.data.reconnectionUrl);
    expect(reconnectionUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/journey\/reconnect\?token=/);
    expect(disconnected[0]!.data.reason).toBe('credentials_expired');
    const device = await request.get(`/api/vehicle/${deviceIds[0]}`, {
      headers: { 'x-api-key': customer.apiKey },
    });
    expect(((await device.json()) as { data: { status: string } }).data.status).toBe(
      'disconnected',
    );

    // 3. A mail scanner or a link preview fetches the link first: that must not use it up.
    for (let fetchByScanner = 0; fetchByScanner < 2; fetchByScanner++) {
      const scanned = await request.get(reconnectionUrl);
      expect(scanned.status()).toBe(200);
      // React separates adjacent text with empty comments in server-rendered HTML.
      const html = (await scanned.text()).replaceAll('<!-- -->', '');
      expect(html).toContain('Reconnect your Volta Motors account');
      expect(html).not.toContain('Link already used');
    }

    // 4. The end user follows the link and presses Continue: credentials and consent only.
    await page.goto(reconnectionUrl);
    await journey.expectHeading('Reconnect your Volta Motors account');
    await journey.continue();
    await journey.expectHeading('Sign in to Volta Motors');
    await expect(page.getByText('Step 1 of 3')).toBeVisible();
    await journey.signIn('user_many', 'pass_good');
    await expect(journey.alert()).toContainText('different Volta Motors account');
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading(/Reconnect .* to access your devices/);
    const listed = page
      .getByRole('region', { name: 'Devices from Volta Motors' })
      .getByRole('listitem');
    await expect(listed).toHaveCount(2);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/reconnected');
    const back = new URL(page.url()).searchParams;
    expect(back.get('status')).toBe('success');
    expect(back.get('mode')).toBe('reconnect');
    expect((back.get('deviceIds') ?? '').split(',').sort()).toEqual([...deviceIds].sort());

    const reconnected = await server.waitFor(
      'device.reconnected',
      2,
      (w) => w.data.userId === userId,
    );
    expect(reconnected.map((w) => w.data.deviceId).sort()).toEqual([...deviceIds].sort());
    expect(reconnected.every((w) => w.verified)).toBe(true);

    // 5. The link was single use.
    await page.goto(reconnectionUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Link already used' })).toBeVisible();
  });

  test('an expired reconnection link explains itself', async ({ page }) => {
    const secret = readFileSync(path.join(process.env.E2E_DATA_DIR!, 'app-secret'), 'utf8').trim();
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const { token } = await signReconnectToken(
      { jti: 'rcl_old', cred: 'cred_old', env: 'sandbox' },
      secret,
      eightDaysAgo,
    );
    await page.goto(`/journey/reconnect?token=${token}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Link expired' })).toBeVisible();
    await expect(page.getByText('Ask the app for a new one')).toBeVisible();
  });
});
