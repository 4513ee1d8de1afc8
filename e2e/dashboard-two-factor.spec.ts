import { expect, test } from '@playwright/test';
import { DashboardPage, PASSWORD } from './support/dashboard';
import { base32Decode, totp } from './support/totp';

/**
 * A person turns on TOTP in the dashboard with an authenticator app (played here by RFC 6238
 * computed in the test from the setup key the page shows), signs out, and signs in with a code.
 */
test('the test’s authenticator agrees with RFC 6238', () => {
  // RFC 6238 appendix B, SHA-1 seed, truncated to 6 digits.
  const seed = Buffer.from('12345678901234567890', 'ascii');
  expect(totp(seed, 59_000, 8)).toBe('94287082');
  expect(totp(seed, 1_111_111_109_000, 8)).toBe('07081804');
  expect(totp(seed, 20_000_000_000_000, 8)).toBe('65353130');
  expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(seed);
});

/** A code that is right in no 30-second step near now (the server may accept a step either side). */
function wrongCode(key: Buffer): string {
  const near = [-2, -1, 0, 1, 2].map((step) => totp(key, Date.now() + step * 30_000));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
}

test('TOTP turned on in the dashboard: sign-in asks for the code and refuses a wrong one', async ({
  page,
}) => {
  const dashboard = new DashboardPage(page);
  const { email } = await dashboard.signUp('Second Factor Energy');
  await dashboard.open('Team');
  const account = page.getByRole('region', { name: 'Your account' });
  await expect(account).toContainText('Two-factor authentication is off');

  const start = account.getByRole('form', { name: 'Turn on two-factor' });
  await start.getByLabel('Password').fill(PASSWORD);
  await start.getByRole('button', { name: 'Turn on two-factor' }).click();
  const setupKey = await account.getByLabel('Setup key').inputValue();
  expect(setupKey).toMatch(/^[A-Z2-7]{16,}=*$/);
  const link = new URL(await account.getByLabel('Authenticator setup link').inputValue());
  expect(link.protocol).toBe('otpauth:');
  expect(link.searchParams.get('secret')).toBe(setupKey);
  await expect(account.getByLabel('Backup codes')).not.toHaveValue('');
  const key = base32Decode(setupKey);

  // The first code confirms the authenticator; a wrong one does not.
  const confirm = account.getByRole('form', { name: 'Confirm two-factor' });
  await confirm.getByLabel('Verification code').fill(wrongCode(key));
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirm.getByRole('alert')).toContainText('That code is not right');
  await confirm.getByLabel('Verification code').fill(totp(key, Date.now()));
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  // Still signed in (turning it on replaces the session), and the account says so.
  await expect(account).toContainText('Two-factor authentication is on');
  await expect(account.getByLabel('Setup key')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Your account' })).toContainText(
    'Two-factor authentication is on',
  );

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);

  // The password alone opens nothing: the code is asked for, a wrong one refused.
  await dashboard.signIn(email);
  const code = page.getByLabel('Verification code');
  await expect(code).toBeVisible();
  await code.fill(wrongCode(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(dashboard.alert()).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);

  await dashboard.signIn(email);
  await page.getByLabel('Verification code').fill(totp(key, Date.now()));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});
