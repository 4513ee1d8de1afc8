import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { JourneyPage } from './support/journey';
import { expiredConnection } from './support/reconnection';

/** The counter as the person reads it on the step now shown: [number, total]. */
async function counter(page: Page): Promise<[number, number]> {
  const text = await page.getByText(/^Step \d+ of \d+$/).textContent();
  const [, n, total] = /^Step (\d+) of (\d+)$/.exec(text ?? '') ?? [];
  return [Number(n), Number(total)];
}

/** Every step is numbered; the count only rises, the total never changes, and the last is N of N. */
function expectHonest(seen: [number, number][]) {
  const totals = new Set(seen.map(([, total]) => total));
  expect(totals.size, JSON.stringify(seen)).toBe(1);
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]![0], JSON.stringify(seen)).toBeGreaterThan(seen[i - 1]![0]);
  }
  const [last, total] = seen.at(-1)!;
  expect(last).toBe(total);
}

test.describe('the step counter never goes backwards and ends at its total', () => {
  test('password', async ({ page }) => {
    const journey = new JourneyPage(page);
    const seen: [number, number][] = [];
    await journey.launch();
    seen.push(await counter(page));
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    seen.push(await counter(page));
    await journey.choose('Volta Motors');
    await journey.expectHeading('Sign in to Volta Motors');
    seen.push(await counter(page));
    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
    seen.push(await counter(page));
    await journey.continue();
    await journey.expectHeading(/Allow/);
    seen.push(await counter(page));
    expectHonest(seen);
  });

  test('password with a verification code', async ({ page }) => {
    const journey = new JourneyPage(page);
    const seen: [number, number][] = [];
    await journey.launch();
    seen.push(await counter(page));
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    seen.push(await counter(page));
    await journey.choose('Volta Motors');
    await journey.expectHeading('Sign in to Volta Motors');
    seen.push(await counter(page));
    await journey.signIn('user_mfa', 'pass_good');
    await journey.expectHeading('Enter your verification code');
    seen.push(await counter(page));
    await journey.enterCode('123456');
    await journey.expectHeading('Choose devices to connect');
    seen.push(await counter(page));
    await journey.continue();
    await journey.expectHeading(/Allow/);
    seen.push(await counter(page));
    expectHonest(seen);
  });

  test('API key, chosen among sign-in methods', async ({ page }) => {
    const journey = new JourneyPage(page);
    const seen: [number, number][] = [];
    await journey.launch();
    seen.push(await counter(page));
    await journey.choose('Battery');
    await journey.expectHeading('Who makes your battery?');
    seen.push(await counter(page));
    await journey.choose('Stellar Storage');
    await journey.expectHeading('How do you sign in to Stellar Storage?');
    seen.push(await counter(page));
    await journey.choose('API key');
    await journey.expectHeading('Enter your Stellar Storage API key');
    seen.push(await counter(page));
    await journey.enterApiKey('key_good');
    await journey.expectHeading('Choose devices to connect');
    seen.push(await counter(page));
    await journey.continue();
    await journey.expectHeading(/Allow/);
    seen.push(await counter(page));
    expectHonest(seen);
  });

  test.describe('reconnection', () => {
    const server = new CustomerServer();
    let customer: ReturnType<typeof provisionCustomer>;
    test.beforeAll(async () => {
      await server.start();
      customer = provisionCustomer(server, 'Progress Co');
    });
    test.afterAll(() => server.stop());

    test('one sign-in method', async ({ page, request }) => {
      const { reconnectionUrl } = await expiredConnection(page, request, server, customer);
      const journey = new JourneyPage(page);
      await page.goto(reconnectionUrl);
      await journey.expectHeading('Reconnect your Volta Motors account');
      await journey.continue();
      await journey.expectHeading('Sign in to Volta Motors');
      const seen: [number, number][] = [await counter(page)];
      // The same account as before (user_good), which asks no code: credentials → consent, the
      // scale still counting the code step it could have shown.
      await journey.signIn('user_good', 'pass_good');
      await journey.expectHeading(/Reconnect .* to access your devices/);
      seen.push(await counter(page));
      expectHonest(seen);
    });
  });
});
