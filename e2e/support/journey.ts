import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const DEMO_APP_ID = 'app_demo';

export function uniqueUser(prefix = 'e2e'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A person walking the journey: every action by role and accessible name, as they would see it. */
export class JourneyPage {
  constructor(readonly page: Page) {}

  async launch(options: { userId?: string; state?: string; appId?: string } = {}) {
    const params = new URLSearchParams({
      appId: options.appId ?? DEMO_APP_ID,
      userId: options.userId ?? uniqueUser(),
    });
    if (options.state) params.set('state', options.state);
    await this.page.goto(`/journey?${params}`);
    await this.expectHeading('What would you like to connect?');
    // Once its scripts run, the page takes the journey's own address (a reload resumes there).
    await this.page.waitForURL((url) => url.searchParams.has('resume'));
  }

  /** The step's error message (Next's own route announcer is an empty alert outside main). */
  alert() {
    return this.page.getByRole('main').getByRole('alert');
  }

  /** The step's `h1`; a string must be the whole heading ("Sign in to X" is not "How do you sign in to X?"). */
  async expectHeading(name: string | RegExp) {
    await expect(
      this.page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' }),
    ).toBeVisible();
  }

  async choose(name: string) {
    await this.page.getByRole('radio', { name, exact: true }).check();
    await this.continue();
  }

  async continue() {
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  /** The error screen's way out: "Return to {app}" (the demo app). */
  async returnToApp(appName = 'Demo Energy App') {
    await this.page.getByRole('button', { name: `Return to ${appName}` }).click();
  }

  async signIn(username: string, password: string) {
    await this.page.getByLabel('Username', { exact: true }).fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.continue();
  }

  async enterApiKey(key: string) {
    await this.page.getByLabel('API key').fill(key);
    await this.continue();
  }

  async enterCode(code: string) {
    await this.page.getByLabel('Verification code').fill(code);
    await this.continue();
  }

  async toCredentials(deviceType = 'Vehicle', oem = 'Volta Motors') {
    await this.choose(deviceType);
    await this.expectHeading(/Who makes your/);
    await this.choose(oem);
  }

  /** Waits for the redirect back to the demo app and returns its query parameters. */
  async redirectParams(): Promise<URLSearchParams> {
    await this.page.waitForURL((url) => url.pathname === '/' && url.searchParams.has('status'));
    return new URL(this.page.url()).searchParams;
  }
}
