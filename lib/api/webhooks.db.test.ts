import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { createTestApp, readEnvelope, seedCustomer, seedKey, TEST_CONFIG } from './test-fixtures';

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let key: string;
let liveKey: string;
let otherKey: string;

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_w', { liveEnabled: true });
  await seedCustomer(handle.db, 'cus_x');
  key = (await seedKey(handle.db, 'cus_w', 'sandbox')).key;
  liveKey = (await seedKey(handle.db, 'cus_w', 'live')).key;
  otherKey = (await seedKey(handle.db, 'cus_x', 'sandbox')).key;
  // A developer's machine: sandbox endpoints on loopback are allowed.
  app = createTestApp(handle.db, { config: { ...TEST_CONFIG, webhookAllowPrivate: true } });
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

function call(method: string, path: string, options: { key?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'x-api-key': options.key ?? key };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return app.request(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

async function data<T>(res: Response, status = 200): Promise<T> {
  const body = await readEnvelope(res);
  expect(res.status, JSON.stringify(body.error)).toBe(status);
  return body.data as T;
}

async function errorCode(res: Response, status: number) {
  expect(res.status).toBe(status);
  return (await readEnvelope(res)).error;
}

interface Endpoint {
  endpointId: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
}
interface Delivery {
  eventId: string;
  eventType: string;
  endpointId: string;
  status: string;
}

describe('webhook endpoints', () => {
  it('creates an endpoint, showing its whsec_ secret once, and lists it without the secret', async () => {
    const created = await data<{ endpointId: string; url: string; secret: string }>(
      await call('POST', '/api/webhooks/endpoints', { body: { url: 'http://127.0.0.1:9/hooks' } }),
      201,
    );
    expect(created.endpointId).toMatch(/^ep_/);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.url).toBe('http://127.0.0.1:9/hooks');
    const list = await call('GET', '/api/webhooks/endpoints');
    const text = await list.clone().text();
    expect(text).not.toContain(created.secret);
    const { endpoints } = await data<{ endpoints: Endpoint[] }>(list);
    expect(endpoints).toEqual([
      {
        endpointId: created.endpointId,
        url: 'http://127.0.0.1:9/hooks',
        enabled: true,
        disabledReason: null,
        createdAt: expect.any(String),
      },
    ]);
    // Environments and customers are isolated.
    expect(
      (
        await data<{ endpoints: Endpoint[] }>(
          await call('GET', '/api/webhooks/endpoints', { key: liveKey }),
        )
      ).endpoints,
    ).toEqual([]);
    expect(
      (
        await data<{ endpoints: Endpoint[] }>(
          await call('GET', '/api/webhooks/endpoints', { key: otherKey }),
        )
      ).endpoints,
    ).toEqual([]);
  });

  it('answers VALIDATION_ERROR on url for URLs the environment may not use', async () => {
    for (const [url, k] of [
      ['http://127.0.0.1:9/hooks', liveKey],
      ['https://127.0.0.1/hooks', liveKey],
      ['https://10.1.2.3/hooks', liveKey],
      ['ftp://127.0.0.1/', key],
      ['not a url', key],
    ] as const) {
      const error = await errorCode(
        await call('POST', '/api/webhooks/endpoints', { key: k, body: { url } }),
        400,
      );
      expect(error, url).toMatchObject({ code: 'VALIDATION_ERROR', field: 'url' });
    }
    for (const body of [{}, { url: 'http://127.0.0.1/', secret: 'mine' }, { url: 5 }]) {
      const error = await errorCode(await call('POST', '/api/webhooks/endpoints', { body }), 400);
      expect(error?.code).toBe('VALIDATION_ERROR');
    }
  });

  it('disables, enables, tests, lists deliveries, replays and deletes', async () => {
    const { endpointId } = await data<{ endpointId: string }>(
      await call('POST', '/api/webhooks/endpoints', { body: { url: 'http://127.0.0.1:9/b' } }),
      201,
    );
    const base = `/api/webhooks/endpoints/${endpointId}`;
    const { eventId } = await data<{ eventId: string }>(await call('POST', `${base}/test`));
    const { deliveries } = await data<{ deliveries: Delivery[] }>(
      await call('GET', '/api/webhooks/deliveries?status=pending&limit=10'),
    );
    expect(deliveries).toContainEqual(
      expect.objectContaining({
        eventId,
        endpointId,
        eventType: 'webhook.test',
        status: 'pending',
      }),
    );

    expect(await data(await call('POST', `${base}/disable`))).toEqual({
      endpointId,
      enabled: false,
    });
    const listed = await data<{ endpoints: Endpoint[] }>(
      await call('GET', '/api/webhooks/endpoints'),
    );
    expect(listed.endpoints.find((e) => e.endpointId === endpointId)).toMatchObject({
      enabled: false,
    });
    // Disabling failed the pending delivery; a test event needs an enabled endpoint.
    const failed = await data<{ deliveries: Delivery[] }>(
      await call('GET', '/api/webhooks/deliveries?status=failed'),
    );
    expect(failed.deliveries.map((d) => d.eventId)).toContain(eventId);
    expect((await errorCode(await call('POST', `${base}/test`), 404))?.code).toBe(
      'ENDPOINT_NOT_FOUND',
    );

    expect(await data(await call('POST', `${base}/enable`))).toEqual({ endpointId, enabled: true });
    expect(await data(await call('POST', `/api/webhooks/events/${eventId}/replay`))).toEqual({
      eventId,
      deliveries: 1,
    });

    expect(await data(await call('DELETE', base))).toEqual({ endpointId, deleted: true });
    expect((await errorCode(await call('DELETE', base), 404))?.code).toBe('ENDPOINT_NOT_FOUND');
  });

  it("answers ENDPOINT_NOT_FOUND / EVENT_NOT_FOUND for unknown ids and another customer's", async () => {
    const { endpointId } = await data<{ endpointId: string }>(
      await call('POST', '/api/webhooks/endpoints', { body: { url: 'http://127.0.0.1:9/c' } }),
      201,
    );
    const { eventId } = await data<{ eventId: string }>(
      await call('POST', `/api/webhooks/endpoints/${endpointId}/test`),
    );
    for (const [method, path] of [
      ['POST', `/api/webhooks/endpoints/${endpointId}/disable`],
      ['POST', `/api/webhooks/endpoints/${endpointId}/enable`],
      ['POST', `/api/webhooks/endpoints/${endpointId}/test`],
      ['DELETE', `/api/webhooks/endpoints/${endpointId}`],
      ['POST', '/api/webhooks/endpoints/ep_unknown/disable'],
    ] as const) {
      expect((await errorCode(await call(method, path, { key: otherKey }), 404))?.code, path).toBe(
        'ENDPOINT_NOT_FOUND',
      );
    }
    for (const k of [otherKey, liveKey]) {
      const error = await errorCode(
        await call('POST', `/api/webhooks/events/${eventId}/replay`, { key: k }),
        404,
      );
      expect(error?.code).toBe('EVENT_NOT_FOUND');
    }
    // Still there for its owner.
    const mine = await data<{ endpoints: Endpoint[] }>(
      await call('GET', '/api/webhooks/endpoints'),
    );
    expect(mine.endpoints.map((e) => e.endpointId)).toContain(endpointId);
  });

  it('validates the delivery log query', async () => {
    for (const [query, field] of [
      ['status=bogus', 'status'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['page=2', 'page'],
    ] as const) {
      const error = await errorCode(await call('GET', `/api/webhooks/deliveries?${query}`), 400);
      expect(error, query).toMatchObject({ code: 'VALIDATION_ERROR', field });
    }
  });

  it('caps endpoints per customer and environment with ENDPOINT_LIMIT_REACHED', async () => {
    await seedCustomer(handle.db, 'cus_cap');
    const capKey = (await seedKey(handle.db, 'cus_cap', 'sandbox')).key;
    const create = (n: number) =>
      call('POST', '/api/webhooks/endpoints', {
        key: capKey,
        body: { url: `http://127.0.0.1:9/hook/${n}` },
      });
    const made = await Promise.all(Array.from({ length: 20 }, (_, n) => create(n)));
    expect(made.map((r) => r.status)).toEqual(Array(20).fill(201));
    const refused = await errorCode(await create(20), 409);
    expect(refused).toMatchObject({ code: 'ENDPOINT_LIMIT_REACHED' });
    expect(refused!.message).toMatch(/At most 20 webhook endpoints/);
    // Deleting one makes room again.
    const { endpointId } = (await readEnvelope(made[0]!)).data as { endpointId: string };
    expect(
      (await call('DELETE', `/api/webhooks/endpoints/${endpointId}`, { key: capKey })).status,
    ).toBe(200);
    expect((await create(21)).status).toBe(201);
    expect((await create(22)).status).toBe(409);
  });
});
