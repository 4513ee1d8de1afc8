import { expect, test } from '@playwright/test';
import { DashboardPage, PASSWORD, uniqueEmail } from './support/dashboard';

const base = () => process.env.E2E_BASE_URL!;

async function listDevices(key: string) {
  const response = await fetch(`${base()}/api/devices`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

test.describe('the customer dashboard', () => {
  test('sign up, create a sandbox key that works, see only its prefix after reload, revoke it', async ({
    page,
  }) => {
    const dash = new DashboardPage(page);
    await dash.signUp('Keys Energy');
    await dash.open('Keys');
    const key = await dash.createKey('Backend');
    expect(key).toMatch(/^amps_sk_test_/);

    // A plain HTTP client (the customer's server) uses it.
    expect((await listDevices(key)).status).toBe(200);

    // Shown once: after a reload only the prefix is on the page.
    await page.reload();
    await expect(page.getByLabel('New API key')).toHaveCount(0);
    const row = page.getByRole('row', { name: /Backend/ });
    await expect(row).toContainText(key.slice(0, 16));
    expect(await page.content()).not.toContain(key);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Revoke key' }).click();
    await expect(row).toContainText('Revoked');
    const after = await listDevices(key);
    expect(after.status).toBe(401);
    expect(after.body.error?.code).toBe('INVALID_API_KEY');
  });

  test('creates a key with the keyboard only', async ({ page }) => {
    const dash = new DashboardPage(page);
    await dash.signUp('Keyboard Co');
    await page.goto('/dashboard/keys');
    const open = page.getByRole('button', { name: 'Create API key' });
    await open.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Create API key' });
    await expect(form.getByLabel('Name')).toBeVisible();
    // Tab into the form's first field and type; Enter submits.
    for (
      let i = 0;
      i < 10 && !(await form.getByLabel('Name').evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(form.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('Typed key');
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('New API key')).toHaveValue(/^amps_sk_test_/);
  });

  test('wrong passwords are slowed down', async ({ page }) => {
    // 31 sign-ins, each a deliberate password hash on the server.
    test.setTimeout(180_000);
    const dash = new DashboardPage(page);
    const { email } = await dash.signUp('Brute Co');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    const messages: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(`wrong password ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('main').getByRole('alert');
      await expect(alert).toHaveText(
        i < 10 ? 'Email or password is wrong.' : /Too many failed sign-ins/,
      );
      messages.push((await alert.textContent()) ?? '');
    }
    // Even the right password waits now.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/Too many failed sign-ins/);
    expect(messages.filter((m) => m.startsWith('Too many')).length).toBe(20);
  });

  test('a new email is needed to sign up twice', async ({ page }) => {
    const dash = new DashboardPage(page);
    const email = uniqueEmail('dup');
    await dash.signUp('First Co', email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto('/signup');
    await page.getByLabel('Company name').fill('Second Co');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(dash.alert()).toContainText('An account with this email exists');
  });
});
