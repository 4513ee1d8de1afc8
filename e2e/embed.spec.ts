import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { loadLinkScript } from '../lib/embed/script';
import { admin } from './support/customer-server';
import { JourneyPage, uniqueUser } from './support/journey';

/**
 * A customer's page on another origin embeds the journey with /link.js, pinned by its integrity
 * hash as docs/embedding.md shows, and records what the callbacks receive.
 */
class HostPage {
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    const script = loadLinkScript();
    const base = process.env.E2E_BASE_URL;
    const html = `<!doctype html><html lang="en"><title>Host app</title>
<main><h1>Host app</h1><button id="behind" type="button">Behind</button></main>
<script src="${base}${script.versionedPath}" integrity="${script.integrity}" crossorigin="anonymous"></script>
<script>
  window.received = [];
  window.openJourney = function (url) {
    window.handle = AmpsLink.open({
      url: url,
      onSuccess: function (m) { window.received.push({ kind: 'success', m: m }); },
      onExit: function (m) { window.received.push({ kind: 'exit', m: m }); },
      onEvent: function (e, meta) { window.received.push({ kind: 'event', e: e, meta: meta }); },
    });
  };
</script></html>`;
    this.server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

type Received = { kind: string; e?: string; m?: Record<string, unknown>; meta?: unknown }[];
const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { received: Received }).received);

const host = new HostPage();
const stranger = new HostPage();
let embeddingApp = '';
let plainApp = '';

test.beforeAll(async () => {
  await host.start();
  await stranger.start();
  const { customerId } = admin('customer:create', '--name', 'Embedding Energy');
  const create = (...extra: string[]) =>
    admin(
      'app:create',
      '--customer',
      customerId!,
      '--name',
      'Embedding App',
      '--redirect-url',
      `${host.url}/done`,
      '--reconnect-redirect-url',
      `${host.url}/again`,
      ...extra,
    ).appId!;
  embeddingApp = create('--allowed-origins', host.url);
  plainApp = create();
});
test.afterAll(async () => {
  await host.stop();
  await stranger.stop();
});

const launchUrl = (appId: string, state = 'embed-state') =>
  `${process.env.E2E_BASE_URL}/journey?${new URLSearchParams({ appId, userId: uniqueUser('embed'), state })}`;

const open = (page: Page, url: string) =>
  page.evaluate((u) => (window as unknown as { openJourney(u: string): void }).openJourney(u), url);

test('an allowed origin opens the journey in a modal and hears every step, then SUCCESS', async ({
  page,
}) => {
  await page.goto(host.url);
  await open(page, launchUrl(embeddingApp));
  const dialog = page.getByRole('dialog', { name: 'Connect your device' });
  await expect(dialog).toBeVisible();
  // The page behind is inert while the journey is open.
  await expect(page.getByRole('main')).toHaveJSProperty('inert', true);

  const frame = page.frameLocator('iframe[title="Connect your device"]');
  await expect(
    frame.getByRole('heading', { level: 1, name: 'What would you like to connect?' }),
  ).toBeVisible();
  await frame.getByRole('radio', { name: 'Vehicle', exact: true }).check();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('radio', { name: 'Volta Motors', exact: true }).check();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByLabel('Username', { exact: true }).fill('user_good');
  await frame.getByLabel('Password', { exact: true }).fill('wrong_password');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await expect(frame.getByRole('main').getByRole('alert')).toBeVisible();
  await frame.getByLabel('Password', { exact: true }).fill('pass_good');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: /Choose/ })).toBeVisible();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Allow' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('main')).toHaveJSProperty('inert', false);
  const all = await received(page);
  const events = all.filter((r) => r.kind === 'event').map((r) => r.e);
  expect(events).toEqual([
    'OPEN',
    'SELECT_DEVICE_TYPE',
    'SELECT_OEM',
    'ERROR',
    'SUBMIT_CREDENTIALS',
    'SELECT_DEVICES',
    'CONSENT',
    'HANDOFF',
  ]);
  const success = all.find((r) => r.kind === 'success')?.m;
  expect(success).toMatchObject({ type: 'SUCCESS', source: 'amps-link' });
  expect(success?.deviceIds).toEqual(expect.arrayContaining([expect.stringMatching(/^dev_/)]));
  expect(success?.journeyId).toMatch(/^jrn_/);
  expect(success?.state).toBe('embed-state');
  // No credential ever leaves the journey.
  expect(JSON.stringify(all)).not.toMatch(/pass_good|wrong_password|user_good/);
});

test('Escape inside the journey and the Close button exit with user_exit; focus returns', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Behind' }).focus();
  await open(page, launchUrl(embeddingApp));
  const frame = page.frameLocator('iframe[title="Connect your device"]');
  await frame.getByRole('radio', { name: 'Vehicle', exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Behind' })).toBeFocused();
  expect((await received(page)).at(-1)).toMatchObject({
    kind: 'exit',
    m: { reason: 'user_exit', step: 'device_type' },
  });

  await open(page, launchUrl(embeddingApp));
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  expect((await received(page)).at(-1)).toMatchObject({ kind: 'exit', m: { reason: 'user_exit' } });
});

test('a message posted into the journey changes nothing', async ({ page }) => {
  await page.goto(host.url);
  await open(page, launchUrl(embeddingApp));
  const frame = page.frameLocator('iframe[title="Connect your device"]');
  const heading = frame.getByRole('heading', { level: 1, name: 'What would you like to connect?' });
  await expect(heading).toBeVisible();
  await page.evaluate(() => {
    const target = document.querySelector('iframe')!.contentWindow!;
    for (const message of [
      { source: 'amps-link', type: 'EXIT', reason: 'user_exit' },
      {
        source: 'amps-link',
        type: 'EVENT',
        event: 'SELECT_DEVICE_TYPE',
        metadata: { deviceType: 'Vehicle' },
      },
      'close',
      { type: 'navigate', url: 'https://evil.example/' },
    ]) {
      target.postMessage(message, '*');
    }
  });
  await frame.getByRole('radio', { name: 'Vehicle', exact: true }).check();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await expect(
    frame.getByRole('heading', { level: 1, name: 'Who makes your vehicle?' }),
  ).toBeVisible();
  await expect(page.getByRole('dialog')).toBeVisible();
  const events = (await received(page)).map((r) => r.e ?? r.kind);
  expect(events).toEqual(['OPEN', 'SELECT_DEVICE_TYPE']);
});

test('a page on an origin the app does not allow cannot frame the journey and hears nothing', async ({
  page,
}) => {
  await page.goto(stranger.url);
  const popup = page.waitForEvent('popup');
  await open(page, launchUrl(embeddingApp));
  // The frame is refused by the journey's frame-ancestors; link.js falls back to a popup.
  const opened = await popup;
  await expect(
    opened.getByRole('heading', { level: 1, name: 'What would you like to connect?' }),
  ).toBeVisible();
  await expect(page.getByRole('dialog')).toBeHidden();
  await opened.getByRole('radio', { name: 'Vehicle', exact: true }).check();
  await opened.getByRole('button', { name: 'Continue' }).click();
  await expect(
    opened.getByRole('heading', { level: 1, name: 'Who makes your vehicle?' }),
  ).toBeVisible();
  // The journey posts only to the app's own origins: the stranger received nothing.
  expect(await received(page)).toEqual([]);

  const response = await page.request.get(launchUrl(embeddingApp));
  expect(response.headers()['content-security-policy']).toContain(`frame-ancestors ${host.url};`);
  const plain = await page.request.get(launchUrl(plainApp));
  expect(plain.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(plain.headers()['x-frame-options']).toBe('DENY');
});

test('the funnel counts the journeys as they went: opened, per step, completed, exits and errors', async ({
  page,
}) => {
  const { customerId } = admin('customer:create', '--name', 'Funnel Energy');
  const appId = admin(
    'app:create',
    '--customer',
    customerId!,
    '--name',
    'Funnel App',
    '--redirect-url',
    `${host.url}/done`,
    '--reconnect-redirect-url',
    `${host.url}/again`,
  ).appId!;
  const { key } = admin('key:create', '--customer', customerId!, '--env', 'sandbox');
  const journey = new JourneyPage(page);

  // One journey connects (after one wrong password), another leaves at the OEM step.
  await journey.launch({ appId });
  await journey.toCredentials();
  await journey.signIn('user_good', 'wrong_password');
  await expect(journey.alert()).toBeVisible();
  await journey.signIn('user_good', 'pass_good');
  await journey.expectHeading('Choose devices to connect');
  await journey.continue();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.pathname === '/done');

  await journey.launch({ appId });
  await journey.choose('Battery');
  await journey.expectHeading(/Who makes your/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL((url) => url.pathname === '/done');

  const response = await page.request.get(`/api/journeys/funnel?appId=${appId}`, {
    headers: { 'x-api-key': key! },
  });
  expect(response.status()).toBe(200);
  const funnel = ((await response.json()) as { data: Record<string, unknown> }).data as {
    steps: { event: string; journeys: number }[];
    oems: unknown[];
    errors: unknown[];
  };
  expect(Object.fromEntries(funnel.steps.map((s) => [s.event, s.journeys]))).toEqual({
    OPEN: 2,
    SELECT_DEVICE_TYPE: 2,
    SELECT_OEM: 1,
    SELECT_AUTH_METHOD: 0,
    SUBMIT_CREDENTIALS: 1,
    SUBMIT_MFA: 0,
    SELECT_DEVICES: 1,
    CONSENT: 1,
    EXIT: 1,
    HANDOFF: 1,
  });
  expect(funnel.oems).toEqual([{ oem: 'volta', selected: 1, connected: 1 }]);
  expect(funnel.errors).toEqual([{ code: 'INVALID_CREDENTIALS', count: 1 }]);
});
