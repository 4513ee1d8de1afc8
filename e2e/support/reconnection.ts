import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { CustomerServer } from './customer-server';
import type { provisionCustomer } from './customer-server';
import { JourneyPage, uniqueUser } from './journey';

type Customer = ReturnType<typeof provisionCustomer>;

/**
 * A customer's end user with connected Volta Motors devices whose connection then expired: the
 * `reconnectionUrl` of the `device.disconnected` webhook, as the customer's server receives it.
 */
export async function expiredConnection(
  page: Page,
  request: APIRequestContext,
  server: CustomerServer,
  customer: Customer,
): Promise<{ userId: string; reconnectionUrl: string; deviceIds: string[] }> {
  const userId = uniqueUser('rc');
  const started = await request.post('/api/journey/sessions', {
    headers: { authorization: `Bearer ${customer.apiKey}` },
    data: { appId: customer.appId, userId },
  });
  expect(started.status()).toBe(201);
  const { data } = (await started.json()) as { data: { url: string } };
  const journey = new JourneyPage(page);
  await page.goto(data.url);
  await journey.expectHeading('What would you like to connect?');
  await journey.toCredentials('Vehicle', 'Volta Motors');
  await journey.signIn('user_good', 'pass_good');
  await journey.continue();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.pathname === '/done');
  const deviceIds = (new URL(page.url()).searchParams.get('deviceIds') ?? '').split(',');
  const disconnect = await request.post(`/api/sandbox/devices/${deviceIds[0]}/disconnect`, {
    headers: { 'x-api-key': customer.apiKey },
  });
  expect(disconnect.status()).toBe(200);
  const [hook] = await server.waitFor('device.disconnected', 2, (w) => w.data.userId === userId);
  return { userId, reconnectionUrl: String(hook!.data.reconnectionUrl), deviceIds };
}
