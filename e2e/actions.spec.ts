import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { CustomerServer, provisionCustomer } from './support/customer-server';
import { JourneyPage, uniqueUser } from './support/journey';

interface Action {
  actionId: string;
  status: string;
  failureReason: string | null;
  completedAt: string | null;
}

test.describe('as a customer: device actions', () => {
  const server = new CustomerServer();
  let customer: ReturnType<typeof provisionCustomer>;

  test.beforeAll(async () => {
    await server.start();
    customer = provisionCustomer(server, `Actions Co ${uniqueUser('c')}`);
  });
  test.afterAll(() => server.stop());

  /** The end user connects their Volta Motors account through the journey; returns the device ids. */
  async function connect(page: Page, request: APIRequestContext, username: string) {
    const started = await request.post('/api/journey/sessions', {
      headers: { authorization: `Bearer ${customer.apiKey}` },
      data: { appId: customer.appId, userId: uniqueUser('act') },
    });
    expect(started.status()).toBe(201);
    const { data } = (await started.json()) as { data: { url: string } };
    const journey = new JourneyPage(page);
    await page.goto(data.url);
    await journey.toCredentials('Vehicle', 'Volta Motors');
    await journey.signIn(username, 'pass_good');
    await journey.continue();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/done');
    const deviceIds = (new URL(page.url()).searchParams.get('deviceIds') ?? '').split(',');
    expect(deviceIds).toHaveLength(2);
    return deviceIds;
  }

  async function postAction(
    request: APIRequestContext,
    deviceId: string,
    body: unknown,
    idempotencyKey: string,
  ): Promise<Action> {
    const res = await request.post(`/api/vehicle/${deviceId}/actions`, {
      headers: { 'x-api-key': customer.apiKey, 'idempotency-key': idempotencyKey },
      data: body,
    });
    expect(res.status()).toBe(202);
    return ((await res.json()) as { data: Action }).data;
  }

  test('post an action, receive the signed action.succeeded, read the changed state', async ({
    page,
    request,
  }) => {
    const [deviceId] = await connect(page, request, 'user_good');
    const headers = { 'x-api-key': customer.apiKey };
    const before = await request.get(`/api/vehicle/${deviceId}`, { headers });
    const device = (
      (await before.json()) as {
        data: {
          capabilities: { commands: Array<{ name: string }> };
          state: { chargeLimitPercent: number };
        };
      }
    ).data;
    expect(device.capabilities.commands.map((c) => c.name)).toContain('set_charge_limit');
    expect(device.state.chargeLimitPercent).not.toBe(55);

    const body = { type: 'set_charge_limit', params: { percent: 55 } };
    const action = await postAction(request, deviceId!, body, `limit-${deviceId}`);
    expect(action.status).toBe('pending');
    // A retry of the same request is the same action.
    expect((await postAction(request, deviceId!, body, `limit-${deviceId}`)).actionId).toBe(
      action.actionId,
    );

    const [outcome] = await server.waitFor(
      'action.succeeded',
      1,
      (w) => w.data.actionId === action.actionId,
    );
    expect(outcome!.verified).toBe(true);
    expect(outcome!.data).toEqual({
      actionId: action.actionId,
      deviceId,
      type: 'set_charge_limit',
      params: { percent: 55 },
    });

    const settled = await request.get(`/api/actions/${action.actionId}`, { headers });
    const done = ((await settled.json()) as { data: Action }).data;
    expect(done).toMatchObject({ status: 'succeeded', failureReason: null });
    // Read as of the outcome, so that the simulation's next period cannot have begun meanwhile.
    const after = await request.get(`/api/vehicle/${deviceId}?at=${done.completedAt}`, { headers });
    expect(
      ((await after.json()) as { data: { state: { chargeLimitPercent: number } } }).data.state
        .chargeLimitPercent,
    ).toBe(55);
  });

  test('user_flaky connects like user_good; every other action fails with OEM_REJECTED', async ({
    page,
    request,
  }) => {
    const [deviceId] = await connect(page, request, 'user_flaky');
    const outcomes: string[] = [];
    for (const n of [1, 2]) {
      const action = await postAction(
        request,
        deviceId!,
        { type: 'stop_charging' },
        `stop-${n}-${deviceId}`,
      );
      const [received] = await server.waitFor(
        n === 1 ? 'action.succeeded' : 'action.failed',
        1,
        (w) => w.data.actionId === action.actionId,
      );
      expect(received!.verified).toBe(true);
      outcomes.push(String(received!.data.failureReason ?? 'succeeded'));
    }
    expect(outcomes).toEqual(['succeeded', 'OEM_REJECTED']);
  });
});
