import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { JourneyPage } from './support/journey';

test.describe('browser Back', () => {
  test('goes to the previous step before credentials, and is blocked after them', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    await page.goBack();
    await journey.expectHeading('What would you like to connect?');

    await journey.choose('Vehicle');
    await journey.choose('Ampere Auto');
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await journey.choose('Username and password');
    await journey.expectHeading('Sign in to Ampere Auto');
    await page.goBack();
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await journey.choose('Username and password');

    await journey.signIn('user_good', 'pass_good');
    await journey.expectHeading('Choose devices to connect');
    await page.goBack();
    await journey.expectHeading('Choose devices to connect');
    await expect(page.getByRole('status')).toContainText('can’t go back after signing in');
    // The journey still works from where it was.
    await journey.continue();
    await journey.expectHeading(/Allow Demo Energy App/);
  });
});

/**
 * Holds the next step request (a server action POST) until `release` is called, so that a test can
 * press Back while it is in flight.
 */
async function holdNextStepRequest(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  let armed = true;
  let sent = 0;
  await page.route('**/journey*', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sent += 1;
    if (!armed) return route.continue();
    armed = false;
    held();
    await released;
    return route.continue();
  });
  /** Step requests sent since the hold was set up, the held one included. */
  const requestsSent = () => sent;
  return { isHeld, release, requestsSent };
}

test.describe('browser Back while a step request is in flight', () => {
  test('is not lost: the journey moves back once the request settles', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.choose('Vehicle');
    await journey.choose('Ampere Auto');
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    const request = await holdNextStepRequest(page);
    await journey.choose('Username and password');
    await request.isHeld;
    await page.goBack();
    request.release();
    // The held step lands on the sign-in form, then the Back press takes the journey back from it.
    await expect.poll(request.requestsSent).toBe(2);
    await journey.expectHeading('How do you sign in to Ampere Auto?');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled();
    await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
    await journey.choose('API key');
    await journey.expectHeading('Enter your Ampere Auto API key');
    // History and steps still agree: one more Back returns to the method choice.
    await page.goBack();
    await journey.expectHeading('How do you sign in to Ampere Auto?');
  });

  test('after the sign-in it is refused with the reason, not ignored', async ({ page }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.expectHeading('Sign in to Volta Motors');
    const request = await holdNextStepRequest(page);
    await journey.signIn('user_good', 'pass_good');
    await request.isHeld;
    await page.goBack();
    request.release();
    await journey.expectHeading('Choose devices to connect');
    await expect(page.getByRole('status')).toContainText('can’t go back after signing in');
    await journey.continue();
    await journey.expectHeading(/Allow Demo Energy App/);
  });
});

test.describe('step tokens', () => {
  test('a replayed step request is refused and changes nothing', async ({ page }) => {
    const journey = new JourneyPage(page);
    const actions: { headers: Record<string, string>; body: string }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.headers()['next-action']) {
        actions.push({ headers: request.headers(), body: request.postData() ?? '' });
      }
    });
    await journey.launch();
    await journey.choose('Vehicle');
    await journey.expectHeading('Who makes your vehicle?');
    const first = actions[0]!;
    const origin = new URL(page.url()).origin;
    const replay = await page.request.post(page.url(), {
      headers: { ...first.headers, origin },
      data: first.body,
    });
    expect(replay.status()).toBe(200);
    expect(await replay.text()).toContain('"code":"SESSION_EXPIRED"');

    // Without an Origin header, or with a foreign one, the call is refused before Next sees it.
    const missing = await page.request.post(page.url(), {
      headers: first.headers,
      data: first.body,
    });
    expect(missing.status()).toBe(403);
    const foreign = await page.request.post(page.url(), {
      headers: { ...first.headers, origin: 'https://evil.example' },
      data: first.body,
    });
    expect(foreign.status()).toBe(403);
    expect(await foreign.text()).not.toContain('"ok":');
    // The page is still on its step and can continue.
    await journey.choose('Volta Motors');
    await journey.expectHeading('Sign in to Volta Motors');
  });

  test('a tampered step token shows the session-expired screen, never an error page', async ({
    page,
  }) => {
    const journey = new JourneyPage(page);
    await journey.launch();
    await page.route('**/journey*', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const body = request.postData() ?? '';
      // Flip one character of the token's signature (the first JSON string argument).
      const tampered = body.replace(
        /"(eyJ[^".]+\.[^".]+\.)([^"])/,
        (_m, head: string, c: string) => `"${head}${c === 'A' ? 'B' : 'A'}`,
      );
      expect(tampered).not.toBe(body);
      return route.continue({ postData: tampered });
    });
    await journey.choose('Vehicle');
    await journey.expectHeading('Session expired');
    await expect(page.getByRole('button', { name: 'Start again' })).toBeVisible();
  });
});

test.describe('credentials stay in component state', () => {
  test('a canary password never reaches storage, cookies, history, URLs or the server log', async ({
    page,
    context,
  }) => {
    const canaryUser = `canary-user-${Date.now().toString(36)}`;
    const canaryPassword = `Canary-Pw-${Math.random().toString(36).slice(2)}`;
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    const journey = new JourneyPage(page);
    await journey.launch();
    await journey.toCredentials();
    await journey.signIn(canaryUser, canaryPassword);
    await expect(journey.alert()).toContainText('did not accept');
    await journey.signIn('user_mfa', canaryPassword);
    await expect(journey.alert()).toContainText('did not accept');

    const stored = await page.evaluate(async () => {
      const dbs = indexedDB.databases ? await indexedDB.databases() : [];
      return JSON.stringify({
        local: { ...localStorage },
        session: { ...sessionStorage },
        indexedDb: dbs.map((d) => d.name),
        history: history.state,
        cookie: document.cookie,
      });
    });
    expect(stored).not.toContain(canaryPassword);
    const cookies = JSON.stringify(await context.cookies());
    expect(cookies).not.toContain(canaryPassword);
    expect(urls.join('\n')).not.toContain(canaryPassword);
    expect(urls.join('\n')).not.toContain(canaryUser);

    const { readFileSync } = await import('node:fs');
    const log = readFileSync(process.env.E2E_SERVER_LOG!, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(canaryPassword);
    expect(log).not.toContain(canaryUser);
  });
});
