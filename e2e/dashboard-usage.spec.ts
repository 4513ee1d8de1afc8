import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { DashboardPage } from './support/dashboard';
import { JourneyPage } from './support/journey';
import { expectNoAxeViolations } from './support/axe';

const base = () => process.env.E2E_BASE_URL!;

interface Answer {
  data: {
    actionId: string;
    status: string;
    devices: Array<{ id: string; name: string }>;
  };
}

/** The customer's server calling the API with the key from the dashboard. */
async function call(key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function openSection(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Dashboard' })
    .getByRole('link', { name, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** The value shown for a term ("Requests", "Error rate"…) on the usage page. */
function total(page: Page, term: string) {
  return page
    .getByRole('main')
    .locator('dt', { hasText: new RegExp(`^${term}$`) })
    .locator('+ dd');
}

test.describe('the usage page', () => {
  test('shows the counts and the error rate of a burst of API requests, passes axe, works by keyboard', async ({
    page,
  }) => {
    // A long walk (two axe runs, a 169-row table): more than the default minute on a busy machine.
    test.slow();
    const dash = new DashboardPage(page);
    await dash.signUp('Usage Metering Co');
    await dash.open('Keys');
    const key = await dash.createKey('Burst key');

    // Nothing yet.
    await openSection(page, 'Usage');
    await expect(page).toHaveURL(/\/dashboard\/usage$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
    await expect(total(page, 'Requests')).toHaveText('0');

    // The burst: 12 answered 200, 6 answered 404 (fewer than the sandbox's 25/s in any second).
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(key, 'GET', '/api/devices')).status);
    for (let i = 0; i < 6; i++) {
      statuses.push((await call(key, 'GET', `/api/vehicle/dev_missing_${i}`)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.filter((s) => s === 404)).toHaveLength(6);

    // The page writes this server's pending counts before it reads: no waiting for the flush.
    await page.reload();
    await expect(total(page, 'Requests')).toHaveText('18');
    await expect(total(page, 'Errors')).toHaveText('6');
    await expect(total(page, 'Error rate')).toHaveText('33.3%');
    await expect(
      page.getByRole('figure', {
        name: /Requests per hour, last 24 hours, all keys: 18 requests, 6 errors/,
      }),
    ).toBeVisible();
    await expect(
      page.getByRole('figure', { name: /Error rate per hour.*33\.3% overall/ }),
    ).toBeVisible();

    const keyRow = page.getByRole('table').getByRole('row', { name: /Burst key/ });
    await expect(keyRow.getByRole('cell')).toHaveText([
      '18',
      '6',
      '33.3%',
      '0',
      '0',
      'Charts for Burst key',
    ]);
    const routes = page.getByRole('region', { name: 'Usage by route table' });
    await expect(
      routes.getByRole('row', { name: 'GET /api/devices' }).getByRole('cell'),
    ).toHaveText(['12', '0', '0%', '0', '0']);
    await expect(
      routes.getByRole('row', { name: 'GET /api/{deviceType}/{deviceId}' }).getByRole('cell'),
    ).toHaveText(['6', '6', '100%', '0', '0']);
    await expect(total(page, 'Rate-limited')).toHaveText(/^0 /);
    await expect(total(page, 'Quota-refused')).toHaveText(/^0 /);
    await expect(page.getByRole('region', { name: 'Monthly quota' })).toContainText(
      '18 requests this month',
    );
    await expectNoAxeViolations(page, 'the usage page');
    await page.screenshot({ path: test.info().outputPath('usage-24h.png'), fullPage: true });

    // Keyboard only: Tab to the period links, Enter chooses 7 days; the chart's table opens by key.
    await page.getByRole('heading', { level: 1, name: 'Usage' }).click();
    const sevenDays = page.getByRole('navigation', { name: 'Period' }).getByRole('link', {
      name: '7 days',
    });
    for (
      let i = 0;
      i < 40 && !(await sevenDays.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(sevenDays).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/period=7d/);
    await expect(
      page.getByRole('heading', { level: 2, name: 'Requests and errors, last 7 days' }),
    ).toBeVisible();
    await expect(total(page, 'Requests')).toHaveText('18');
    const summary = page.getByText("The charts' numbers as a table");
    await summary.focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', {
      name: /Requests and errors per hour \(UTC\), last 7 days/,
    });
    await expect(table.getByRole('row')).toHaveCount(1 + 7 * 24);
    await expect(table.getByRole('row', { name: /18 6 33\.3%/ })).toHaveCount(1);
    await expectNoAxeViolations(page, 'the usage page, 7 days, table open');
    await page.setViewportSize({ width: 320, height: 800 });
    await page.screenshot({ path: test.info().outputPath('usage-7d-320px.png'), fullPage: true });

    // One key's charts.
    await page.getByRole('link', { name: 'Charts for Burst key' }).click();
    await expect(page.getByText('Showing key Burst key.')).toBeVisible();
    await expect(total(page, 'Requests')).toHaveText('18');
  });

  test('signed out, a person is sent to sign in', async ({ page }) => {
    await page.goto('/dashboard/usage');
    await expect(page).toHaveURL(/\/login$/);
  });
});

test.describe('a device on the dashboard', () => {
  test('shows an action posted through the API with its outcome, and the device’s schedules', async ({
    page,
  }) => {
    const dash = new DashboardPage(page);
    await dash.signUp('Device Actions Co');
    // An end user connects a vehicle through the company's sandbox app.
    await page.getByRole('link', { name: /^Launch / }).click();
    const journey = new JourneyPage(page);
    await journey.expectHeading('What would you like to connect?');
    await journey.toCredentials('Vehicle', 'Volta Motors');
    await journey.signIn('user_good', 'pass_good');
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    await journey.redirectParams();

    await page.goto('/dashboard/keys');
    const key = await dash.createKey('Actions key');
    const devices = await call(key, 'GET', '/api/devices');
    expect(devices.status).toBe(200);
    const device = devices.body.data.devices[0]!;

    const accepted = await call(key, 'POST', `/api/vehicle/${device.id}/actions`, {
      type: 'set_charge_limit',
      params: { percent: 55 },
    });
    expect(accepted.status).toBe(202);
    const actionId = accepted.body.data.actionId;
    const schedule = await call(key, 'POST', `/api/vehicle/${device.id}/schedules`, {
      action: { type: 'stop_charging' },
      days: ['wed', 'mon'],
      time: '07:30',
      timezone: 'Europe/Amsterdam',
    });
    expect(schedule.status).toBe(201);
    // As the customer's server would: wait for the outcome through the API.
    await expect
      .poll(async () => (await call(key, 'GET', `/api/actions/${actionId}`)).body.data.status, {
        timeout: 20_000,
      })
      .toBe('succeeded');

    await dash.open('Devices');
    await page.getByRole('link', { name: device.name }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
    const row = page.getByRole('region', { name: 'Actions table' }).getByRole('row', {
      name: new RegExp(actionId),
    });
    await expect(row.getByRole('rowheader')).toContainText('Set charge limit (percent 55)');
    await expect(row.getByRole('cell').nth(0)).toHaveText('Succeeded');
    await expect(row.getByRole('cell').nth(1)).toHaveText('Carried out');
    await expect(row.getByRole('cell').nth(4)).toHaveText('API');
    const scheduleRow = page.getByRole('region', { name: 'Schedules table' }).getByRole('row', {
      name: /Stop charging/,
    });
    await expect(scheduleRow.getByRole('cell')).toContainText([
      'Mon, Wed',
      '07:30 Europe/Amsterdam',
    ]);
    await expectNoAxeViolations(page, 'the device page');
    await page.screenshot({ path: test.info().outputPath('device.png'), fullPage: true });

    // The sandbox device does not exist in live.
    await page.goto(`/dashboard/devices/${device.id}?env=live`);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    // The usage page's funnel counts the one journey: opened, signed in, connected.
    await page.goto('/dashboard/usage');
    const funnel = page.getByRole('table', { name: 'Journeys by step' });
    await expect(funnel.getByRole('row', { name: /^Opened 1 100%$/ })).toBeVisible();
    await expect(funnel.getByRole('row', { name: /^Signed in 1 100%$/ })).toBeVisible();
    await expect(
      funnel.getByRole('row', { name: /^Connected and returned 1 100%$/ }),
    ).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'By maker' }).getByRole('row', { name: /Volta Motors 1 1/ }),
    ).toBeVisible();
  });
});
