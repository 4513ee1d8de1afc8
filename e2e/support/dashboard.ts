import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const PASSWORD = 'a long enough password';

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}.${randomBytes(4).toString('hex')}@example.com`;
}

/** A person using the dashboard: every action by role and accessible name. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async signUp(company: string, email = uniqueEmail('owner'), password = PASSWORD) {
    await this.page.goto('/signup');
    await this.page.getByLabel('Company name').fill(company);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    return { email, password };
  }

  async signIn(email: string, password = PASSWORD) {
    await this.page.goto('/login');
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async open(section: 'Overview' | 'Keys' | 'Apps' | 'Webhooks' | 'Devices' | 'Team' | 'Audit') {
    await this.page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: section, exact: true })
      .click();
    await expect(this.page.getByRole('link', { name: section, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  }

  /** Creates a key and returns it as shown (once) in "New API key". */
  async createKey(name: string, environment: 'Sandbox' | 'Live' = 'Sandbox'): Promise<string> {
    await this.page.getByRole('button', { name: 'Create API key' }).click();
    const form = this.page.getByRole('form', { name: 'Create API key' });
    await form.getByLabel('Name').fill(name);
    await form.getByRole('radio', { name: environment }).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const field = this.page.getByLabel('New API key');
    await expect(field).toBeVisible();
    return field.inputValue();
  }

  /** The main region's alert (Next's route announcer is an empty alert outside main). */
  alert() {
    return this.page.getByRole('main').getByRole('alert');
  }
}
