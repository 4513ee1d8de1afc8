import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { JourneyPage } from './support/journey';
import { expiredConnection } from './support/reconnection';

/**
 * Every journey screen — each step, each error screen — at a phone's and a desktop's width, light
 * and dark: axe (WCAG 2.1 AA, colour contrast included) finds nothing on any of them. Screenshots go
 * to JOURNEY_SHOTS_DIR when it is set (to be looked at), else beside the test's results.
 */
const WIDTHS = [390, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

async function snapshot(page: Page, dir: string, name: string) {
  // Nothing animates into a screenshot (the busy spinner, focus rings settle).
  await page.waitForLoadState('domcontentloaded');
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

const server = new CustomerServer();
let customer: ReturnType<typeof provisionCustomer>;
test.beforeAll(async () => {
  await server.start();
  customer = provisionCustomer(server, 'Screens Co');
});
test.afterAll(() => server.stop());

for (const width of WIDTHS) {
  for (const scheme of SCHEMES) {
    test(`every screen at ${width} px, ${scheme}`, async ({ page, request }, info) => {
      test.setTimeout(300_000);
      const dir = path.join(
        process.env.JOURNEY_SHOTS_DIR ?? info.outputPath('shots'),
        `${width}-${scheme}`,
      );
      mkdirSync(dir, { recursive: true });
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      const shot = (name: string) => snapshot(page, dir, name);
      const journey = new JourneyPage(page);

      // The connect steps, with MFA and a choice of sign-in methods.
      await journey.launch();
      await shot('01-device-type');
      await journey.choose('Vehicle');
      await journey.expectHeading('Who makes your vehicle?');
      await shot('02-oem');
      await journey.choose('Ampere Auto');
      await journey.expectHeading('How do you sign in to Ampere Auto?');
      await shot('03-auth-method');
      await journey.choose('Username and password');
      await journey.expectHeading('Sign in to Ampere Auto');
      await shot('04-credentials');
      await journey.signIn('user_good', 'wrong');
      await expect(journey.alert()).toBeFocused();
      await shot('05-credentials-refused');
      await journey.signIn('user_oem_down', 'whatever');
      await expect(journey.alert()).toContainText('not responding');
      await shot('06-credentials-maker-down');
      await journey.signIn('user_mfa', 'pass_good');
      await journey.expectHeading('Enter your verification code');
      await shot('07-mfa');
      await journey.enterCode('000000');
      await expect(journey.alert()).toBeFocused();
      await shot('08-mfa-refused');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await shot('09-cancel-confirm');
      await page.getByRole('button', { name: 'Stay' }).click();
      await journey.enterCode('123456');
      await journey.expectHeading('Choose devices to connect');
      await shot('10-devices');
      const address = page.url();
      await journey.continue();
      await journey.expectHeading(/Allow/);
      await shot('11-consent');
      const other = await page.context().newPage();
      await other.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await other.emulateMedia({ colorScheme: scheme });
      await other.goto(address);
      await new JourneyPage(other).expectHeading('Your connection is in progress');
      await snapshot(other, dir, '12-reload-after-sign-in');
      await other.close();
      // The success screen shows for a moment before the hand-off. The app answers the hand-off with
      // a 204, which leaves the screen in place however long its check takes (a held navigation would
      // stall the check itself).
      const isHandOff = (url: URL) => url.pathname === '/' && url.searchParams.has('status');
      const handOff = new Promise<URL>((resolve) => {
        void page.route(isHandOff, (route) => {
          resolve(new URL(route.request().url()));
          return route.fulfill({ status: 204 });
        });
      });
      await page.getByRole('button', { name: 'Allow' }).click();
      await journey.expectHeading('Connected: 2 devices');
      await shot('13-connected');
      expect((await handOff).searchParams.get('status')).toBe('success');
      await page.unroute(isHandOff);

      // 25 devices, and their consent.
      await journey.launch();
      await journey.toCredentials('HVAC', 'Nimbus Climate');
      await journey.signIn('user_many', 'pass_good');
      await journey.expectHeading('Choose devices to connect');
      await shot('14-devices-25');
      await journey.continue();
      await journey.expectHeading(/Allow/);
      await shot('15-consent-25');

      // API key.
      await journey.launch();
      await journey.toCredentials('Solar inverter', 'Helios Inverters');
      await journey.expectHeading('Enter your Helios Inverters API key');
      await shot('16-api-key');

      // Journeys that end in an error.
      for (const [username, name] of [
        ['user_locked', '17-error-account-locked'],
        ['user_no_devices', '18-error-no-devices'],
      ] as const) {
        await journey.launch();
        await journey.toCredentials();
        await journey.signIn(username, 'pass_good');
        await expect(page.getByRole('button', { name: 'Return to Demo Energy App' })).toBeVisible();
        await shot(name);
      }
      await journey.launch();
      await journey.toCredentials();
      for (let i = 0; i < 5; i++) {
        await journey.signIn('user_good', `wrong-${i}`);
        if (i < 4) await expect(journey.alert()).toContainText(`${4 - i} attempt`);
      }
      await journey.expectHeading('Too many attempts');
      await shot('19-error-too-many-attempts');
      await journey.returnToApp();
      await journey.redirectParams();
      await page.goto(address);
      await journey.expectHeading('This connection has ended');
      await shot('20-journey-ended');
      await page.goto('/journey?appId=app_nope&userId=u1');
      await journey.expectHeading('Unknown application');
      await shot('21-launch-error');

      // Reconnection: its start, its sign-in, a used link.
      const { reconnectionUrl } = await expiredConnection(page, request, server, customer);
      await page.goto(reconnectionUrl);
      await journey.expectHeading('Reconnect your Volta Motors account');
      await shot('22-reconnect-start');
      await journey.continue();
      await journey.expectHeading('Sign in to Volta Motors');
      await journey.signIn('user_many', 'pass_good');
      await expect(journey.alert()).toContainText('different Volta Motors account');
      await shot('23-reconnect-other-account');
      await page.goto(reconnectionUrl);
      await journey.expectHeading('Link already used');
      await shot('24-reconnect-link-used');
    });
  }
}
