import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEnvelope, seedCustomer, seedKey } from '../api/test-fixtures';
import { parseConfig } from '../config';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { startDispatcher } from './dispatcher';
import { createWebhookEndpoint } from './endpoints';
import { enqueueEvent } from './outbox';
import type { DispatcherOptions } from './dispatcher';
import { startReceiver } from './testing';
import type { Receiver } from './testing';

/**
 * The attack: a customer points a sandbox endpoint at a service on our own network (here: a mock
 * internal service on loopback whose error page carries a secret), sends a test event, and reads
 * what came back through the delivery log. Nothing of a receiver's answer but its status, its size
 * and a generic error class may ever come back; and outside a developer's machine the dispatcher must
 * not reach loopback or private addresses at all, whatever spelling the URL or the DNS uses.
 */

const APP_SECRET = 'test-secret-test-secret-test-secret-0123';
const SECRET = 'internal-admin-token-7f3c9a1e5b';

/** A developer's machine: PUBLIC_BASE_URL on loopback, so private targets are allowed. */
const devConfig = parseConfig({
  NODE_ENV: 'test',
  APP_SECRET,
  PUBLIC_BASE_URL: 'http://localhost:3000',
  LOG_LEVEL: 'silent',
});
/** A hosted install: PUBLIC_BASE_URL is public, so private targets are refused. */
const hostedConfig = parseConfig({
  NODE_ENV: 'test',
  APP_SECRET,
  PUBLIC_BASE_URL: 'https://journey.example.test',
  LOG_LEVEL: 'silent',
});

let handle: DbHandle;
let service: Receiver;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  handle = await openTestDb();
  service = await startReceiver();
  // The internal service: an admin console whose error page leaks a token.
  service.respond = () => ({
    status: 500,
    headers: { 'content-type': 'text/html' },
    body: `<h1>Internal error</h1><p>session=${SECRET}</p>`,
  });
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  service.received.length = 0;
});
afterAll(async () => {
  await service.close();
  await flushKeyUsage();
  await handle?.close();
});

let n = 0;
async function customerWithKey() {
  const customerId = `cus_ssrf_${++n}`;
  await seedCustomer(handle.db, customerId);
  const { key } = await seedKey(handle.db, customerId, 'sandbox');
  return { customerId, key };
}

function api(config: typeof devConfig, key: string) {
  const app = createTestApp(handle.db, { config, clock: () => new Date() });
  return async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        'x-api-key': key,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      text: await res.clone().text(),
      envelope: await readEnvelope(res),
    };
  };
}

function dispatcher(allowPrivate: boolean, overrides: Partial<DispatcherOptions> = {}) {
  const d = startDispatcher({
    db: handle.db,
    appSecret: APP_SECRET,
    // One attempt each: a retry of an earlier test's delivery must never fall due during a later
    // test (its tick counts only its own), however slowly the file runs.
    retrySchedule: [0, 86_400],
    manual: true,
    allowPrivate,
    ...overrides,
  });
  stops.push(() => d.stop());
  return d;
}

describe('sandbox webhooks cannot read internal services', () => {
  it('never stores or returns a response body: status, size and an error class only', async () => {
    const { key } = await customerWithKey();
    const call = api(devConfig, key);
    const created = await call('POST', '/api/webhooks/endpoints', {
      url: `http://127.0.0.1:${service.port}/admin/debug`,
    });
    expect(created.status).toBe(201);
    const endpointId = (created.envelope.data as { endpointId: string }).endpointId;
    expect((await call('POST', `/api/webhooks/endpoints/${endpointId}/test`)).status).toBe(200);
    expect(await dispatcher(true).tick()).toBe(1);
    expect(service.received).toHaveLength(1);

    const log = await call('GET', '/api/webhooks/deliveries');
    expect(log.status).toBe(200);
    expect(log.text).not.toContain(SECRET);
    expect(log.text).not.toContain('Internal error');
    const [delivery] = (log.envelope.data as { deliveries: Array<Record<string, unknown>> })
      .deliveries;
    expect(delivery).toMatchObject({
      status: 'pending',
      lastStatusCode: 500,
      lastError: 'http_error',
      lastResponseBytes: Buffer.byteLength(`<h1>Internal error</h1><p>session=${SECRET}</p>`),
    });
    // Nor anywhere in the database.
    const dump = await handle.db.execute(
      `select row_to_json(a)::text as row from sandbox.webhook_attempts a
       union all select row_to_json(d)::text from sandbox.webhook_deliveries d` as never,
    );
    expect(JSON.stringify(dump)).not.toContain(SECRET);
  });

  it('network failures are a class, never the system error text', async () => {
    const { key } = await customerWithKey();
    const closed = await startReceiver();
    await closed.close(); // nothing listens there now
    const call = api(devConfig, key);
    const created = await call('POST', '/api/webhooks/endpoints', {
      url: `http://127.0.0.1:${closed.port}/`,
    });
    const endpointId = (created.envelope.data as { endpointId: string }).endpointId;
    await call('POST', `/api/webhooks/endpoints/${endpointId}/test`);
    await dispatcher(true).tick();
    const log = await call('GET', '/api/webhooks/deliveries');
    const [delivery] = (log.envelope.data as { deliveries: Array<Record<string, unknown>> })
      .deliveries;
    expect(delivery).toMatchObject({ lastError: 'connection_refused', lastStatusCode: null });
    expect(log.text).not.toContain('ECONNREFUSED');
    expect(log.text).not.toContain(String(closed.port));
  });

  it('refuses loopback in every spelling on a hosted install, at creation', async () => {
    const { key } = await customerWithKey();
    const call = api(hostedConfig, key);
    const port = service.port;
    const spellings = [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://127.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::127.0.0.1]:${port}/`,
      `http://10.1.2.3:${port}/`,
      `http://192.168.1.1/`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://[fe80::1]/`,
      `http://[64:ff9b::7f00:1]/`,
      `http://[64:ff9b:1::a00:1]/`,
      `http://[::ffff:0:7f00:1]/`,
      `http://[2002:7f00:1::]/`,
      `http://[fd00::1]/`,
    ];
    for (const url of spellings) {
      const res = await call('POST', '/api/webhooks/endpoints', { url });
      expect(res.status, url).toBe(400);
      expect(res.envelope.error?.code, url).toBe('VALIDATION_ERROR');
    }
    // Names are judged by what they resolve to: localhost is loopback.
    const named = await call('POST', '/api/webhooks/endpoints', {
      url: `http://localhost:${port}/`,
    });
    expect(named.status).toBe(400);
    expect(service.received).toHaveLength(0);
  });

  it('link-local and metadata addresses are refused even on a developer machine', async () => {
    const { key } = await customerWithKey();
    const call = api(devConfig, key);
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fd00:ec2::254]/',
    ]) {
      expect((await call('POST', '/api/webhooks/endpoints', { url })).status, url).toBe(400);
    }
  });

  it('checks again at delivery time, after resolution: an old endpoint or a rebound name never reaches loopback', async () => {
    const { customerId, key } = await customerWithKey();
    // Registered while private targets were allowed.
    const dev = api(devConfig, key);
    const literal = await dev('POST', '/api/webhooks/endpoints', {
      url: `http://127.0.0.1:${service.port}/`,
    });
    expect(literal.status).toBe(201);
    // A name that resolved to a public address when it was registered, and to loopback now.
    await createWebhookEndpoint(
      handle.db,
      'sandbox',
      { customerId, url: `http://hooks.example.com:${service.port}/` },
      { appSecret: APP_SECRET, resolve: async () => ['93.184.216.34'] },
    );
    const hosted = api(hostedConfig, key);
    const { eventId } = await handle.db.transaction((tx) =>
      enqueueEvent(tx, 'sandbox', { customerId, type: 'webhook.test', data: {} }),
    );
    expect(eventId).toBeTruthy();

    const d = dispatcher(false, { resolve: async () => ['::ffff:127.0.0.1'] });
    expect(await d.tick()).toBe(2);
    expect(service.received).toHaveLength(0);
    const log = await hosted('GET', '/api/webhooks/deliveries');
    const deliveries = (log.envelope.data as { deliveries: Array<Record<string, unknown>> })
      .deliveries;
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ lastError: 'blocked_address', lastStatusCode: null });
    }
  });
});
