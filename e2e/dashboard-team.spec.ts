import { expect, test } from '@playwright/test';
import { CustomerServer } from './support/customer-server';
import { DashboardPage, PASSWORD, uniqueEmail } from './support/dashboard';
import { expectNoAxeViolations } from './support/axe';

test('an app is created and its journey launched from the dashboard', async ({ page }) => {
  const dash = new DashboardPage(page);
  await dash.signUp('Apps Co');
  await dash.open('Apps');
  await page.getByRole('button', { name: 'Create app' }).click();
  const form = page.getByRole('form', { name: 'Create app' });
  await form.getByLabel('App name').fill('Heat Pump Helper');
  await form.getByLabel('Redirect URL', { exact: true }).fill('https://heat.example/done');
  await form.getByLabel('Reconnect redirect URL').fill('https://heat.example/again');
  await form.getByRole('checkbox', { name: 'Nimbus Climate' }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  const section = page.getByRole('region', { name: 'Heat Pump Helper' });
  await expect(section).toContainText('Nimbus Climate');
  await section.getByRole('link', { name: 'Try the journey' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'What would you like to connect?' }),
  ).toBeVisible();
});

test('a webhook endpoint gets a test event verified with the secret shown once', async ({
  page,
}) => {
  const server = new CustomerServer();
  await server.start();
  try {
    const dash = new DashboardPage(page);
    await dash.signUp('Hooks Co');
    await dash.open('Webhooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(`${server.url}/hooks`);
    await page.getByRole('button', { name: 'Save' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    server.secret = secret;
    // Shown once: after a reload the page has no trace of it.
    await page.reload();
    await expect(page.getByLabel('Signing secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    const endpoint = page.getByRole('region', { name: `${server.url}/hooks` });
    await endpoint.getByRole('button', { name: 'Send test event' }).click();
    const [received] = await server.waitFor('webhook.test', 1);
    expect(received?.verified).toBe(true);
    await page.reload();
    const row = endpoint.getByRole('row', { name: /webhook\.test/ });
    await expect(row).toContainText('succeeded');
    // By keyboard: on the phone-sized page the log scrolls sideways and Replay sits past its edge.
    await row.getByRole('button', { name: 'Replay' }).press('Enter');
    await expect(endpoint.getByRole('status')).toContainText('Event queued again');
    // A replay is a new delivery of the same event (same webhook-id: the receiver deduplicates it).
    await page.reload();
    await expect(endpoint.getByRole('row', { name: /webhook\.test/ })).toHaveCount(2);
  } finally {
    await server.stop();
  }
});

test('an invited Viewer reads everything but the server refuses their key', async ({
  page,
  browser,
}) => {
  const dash = new DashboardPage(page);
  await dash.signUp('Team Co');
  await dash.open('Team');
  const viewerEmail = uniqueEmail('viewer');
  const invite = page.getByRole('form', { name: 'Invite member' });
  await invite.getByLabel('Email').fill(viewerEmail);
  await invite.getByRole('radio', { name: 'Viewer' }).check();
  await invite.getByRole('button', { name: 'Send invite' }).click();
  const link = await page.getByLabel('Invite link').inputValue();

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await viewerPage.goto(link);
  await viewerPage.getByLabel('Password').fill(PASSWORD);
  await viewerPage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(viewerPage).toHaveURL(/\/dashboard$/);
  const viewer = new DashboardPage(viewerPage);
  await expect(viewerPage.getByText(`${viewerEmail} (Viewer)`)).toBeVisible();
  await viewer.open('Keys');
  await viewerPage.getByRole('button', { name: 'Create API key' }).click();
  const form = viewerPage.getByRole('form', { name: 'Create API key' });
  await form.getByLabel('Name').fill('Sneaky');
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(viewer.alert()).toHaveText('Your role (Viewer) cannot do this.');
  await expect(viewerPage.getByLabel('New API key')).toHaveCount(0);
  await viewer.open('Audit');
  await expect(viewerPage.getByRole('row', { name: /dashboard\.refused/ })).toContainText(
    viewerEmail,
  );
  await context.close();
});

test('a second company sees none of the first one’s data on any page', async ({
  page,
  browser,
}) => {
  const first = new DashboardPage(page);
  await first.signUp('First Secrets Co');
  await first.open('Keys');
  const key = await first.createKey('First key');
  const context = await browser.newContext();
  const otherPage = await context.newPage();
  const second = new DashboardPage(otherPage);
  await second.signUp('Second Co');
  for (const path of [
    '/dashboard',
    '/dashboard/keys',
    '/dashboard/apps',
    '/dashboard/webhooks',
    '/dashboard/devices',
    '/dashboard/team',
    '/dashboard/audit',
  ]) {
    await otherPage.goto(path);
    const html = await otherPage.content();
    expect(html, path).not.toContain('First Secrets Co');
    expect(html, path).not.toContain(key.slice(0, 16));
  }
  await context.close();
});

test('every dashboard page passes axe (WCAG 2.1 AA)', async ({ page }) => {
  // Ten pages, each analysed in full.
  test.setTimeout(180_000);
  await page.goto('/signup');
  await expectNoAxeViolations(page, '/signup');
  await page.goto('/login');
  await expectNoAxeViolations(page, '/login');
  const dash = new DashboardPage(page);
  await dash.signUp('Axe Co');
  for (const path of [
    '/dashboard',
    '/dashboard?env=live',
    '/dashboard/keys',
    '/dashboard/apps',
    '/dashboard/webhooks',
    '/dashboard/devices',
    '/dashboard/team',
    '/dashboard/audit',
  ]) {
    await page.goto(path);
    await expectNoAxeViolations(page, path);
    // Nothing makes the phone-sized page scroll sideways (wide tables scroll inside their own box).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
  }
  // Open forms too.
  await page.goto('/dashboard/keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expectNoAxeViolations(page, 'key form');
});

test('live access is requested from the overview and lands in the audit log', async ({ page }) => {
  const dash = new DashboardPage(page);
  await dash.signUp('Live Co');
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Live access is not enabled' })).toBeVisible();
  await page.getByRole('button', { name: 'Request live access' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Request sent');
  await dash.open('Audit');
  await expect(page.getByRole('row', { name: /live_access\.requested/ })).toBeVisible();
});

test.describe('before scripts run', () => {
  test.use({ javaScriptEnabled: false });

  test('sign-up and key creation work as plain forms', async ({ page }) => {
    await page.goto('/signup');
    await page.getByLabel('Company name').fill('No Script Co');
    await page.getByLabel('Email').fill(uniqueEmail('noscript'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });
});

test('a mutation posted from another origin is refused and changes nothing', async ({ page }) => {
  const dash = new DashboardPage(page);
  await dash.signUp('Cross Site Co');
  await page.goto('/dashboard/keys');
  // Watch the page's own server action call, as an attacker would study it.
  const call = page.waitForRequest(
    (r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined,
  );
  await dash.createKey('Legit');
  const request = await call;
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const replay = (origin: string) =>
    fetch(`${process.env.E2E_BASE_URL}/dashboard/keys`, {
      method: 'POST',
      body: request.postData()!.replaceAll('Legit', 'Forged'),
      headers: {
        'next-action': request.headers()['next-action']!,
        'content-type': request.headers()['content-type']!,
        origin,
        cookie: cookies,
      },
      redirect: 'manual',
    });
  expect((await replay('https://attacker.example')).status).toBe(403);
  expect((await replay('null')).status).toBe(403);
  await page.reload();
  await expect(page.getByRole('row', { name: /Legit/ })).toHaveCount(1);
  await expect(page.getByRole('row', { name: /Forged/ })).toHaveCount(0);
  // The same call from our own origin is valid: only the origin was wrong.
  expect((await replay(process.env.E2E_BASE_URL!)).status).toBe(200);
  await page.reload();
  await expect(page.getByRole('row', { name: /Forged/ })).toHaveCount(1);
});
