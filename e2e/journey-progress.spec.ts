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

/** One move of a walk: what the person does, and the heading of the step it leads to. */
type Move = [act: (journey: JourneyPage) => Promise<void>, heading: string | RegExp];

/** Launches a journey, makes the moves, and gives the counter read on every step shown. */
async function walk(page: Page, moves: Move[]): Promise<[number, number][]> {
  const journey = new JourneyPage(page);
  await journey.launch();
  const seen = [await counter(page)];
  for (const [act, heading] of moves) {
    await act(journey);
    await journey.expectHeading(heading);
    seen.push(await counter(page));
  }
  return seen;
}

const toConsent: Move[] = [[(j) => j.continue(), /Allow/]];

test.describe('the step counter never goes backwards and ends at its total', () => {
  test('password', async ({ page }) => {
    const seen = await walk(page, [
      [(j) => j.choose('Vehicle'), 'Who makes your vehicle?'],
      [(j) => j.choose('Volta Motors'), 'Sign in to Volta Motors'],
      [(j) => j.signIn('user_good', 'pass_good'), 'Choose devices to connect'],
      ...toConsent,
    ]);
    expectHonest(seen);
  });

  test('password with a verification code', async ({ page }) => {
    const seen = await walk(page, [
      [(j) => j.choose('Vehicle'), 'Who makes your vehicle?'],
      [(j) => j.choose('Volta Motors'), 'Sign in to Volta Motors'],
      [(j) => j.signIn('user_mfa', 'pass_good'), 'Enter your verification code'],
      [(j) => j.enterCode('123456'), 'Choose devices to connect'],
      ...toConsent,
    ]);
    expectHonest(seen);
  });

  test('API key, chosen among sign-in methods', async ({ page }) => {
    const seen = await walk(page, [
      [(j) => j.choose('Battery'), 'Who makes your battery?'],
      [(j) => j.choose('Stellar Storage'), 'How do you sign in to Stellar Storage?'],
      [(j) => j.choose('API key'), 'Enter your Stellar Storage API key'],
      [(j) => j.enterApiKey('key_good'), 'Choose devices to connect'],
      ...toConsent,
    ]);
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
