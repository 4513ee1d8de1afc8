import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { flushKeyUsage } from '../keys';
import { PUBLIC_PATHS } from './auth';
import { TEST_NOW, createTestApp, readEnvelope, seedCustomer, seedKey } from './test-fixtures';

let handle: DbHandle;
let app: ReturnType<typeof createTestApp>;
let key: string;

beforeAll(async () => {
  handle = await openTestDb();
  await seedCustomer(handle.db, 'cus_app');
  key = (await seedKey(handle.db, 'cus_app', 'sandbox')).key;
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await flushKeyUsage();
  await handle?.close();
});

describe('health', () => {
  it('answers liveness and readiness without a key, in the envelope', async () => {
    const live = await app.request('/api/health');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({
      success: true,
      data: { status: 'ok' },
      meta: {
        requestId: expect.any(String),
        timestamp: TEST_NOW.toISOString(),
        path: '/api/health',
      },
    });
    const ready = await app.request('/api/health/ready');
    expect(ready.status).toBe(200);
    expect((await readEnvelope(ready)).data).toEqual({ status: 'ready', database: 'ok' });
  });

  it('answers 503 SERVICE_UNAVAILABLE when the database is down', async () => {
    const logs: Record<string, unknown>[] = [];
    const down = createTestApp(handle.db, {
      getDb: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      log: (entry) => logs.push(entry),
    });
    const res = await down.request('/api/health/ready');
    expect(res.status).toBe(503);
    expect((await readEnvelope(res)).error?.code).toBe('SERVICE_UNAVAILABLE');
    expect(logs).toHaveLength(1);
    expect((await down.request('/api/health')).status).toBe(200);
  });
});

describe('unknown routes and failures', () => {
  it('answers 404 NOT_FOUND in the envelope (after authentication under /api)', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/a/b/c/d'],
      ['PUT', '/api/devices'],
      ['DELETE', '/api/journey/sessions'],
      ['GET', '/somewhere-else'],
    ] as const) {
      const res = await app.request(path, { method, headers: { 'x-api-key': key } });
      expect(res.status, `${method} ${path}`).toBe(404);
      const body = await readEnvelope(res);
      expect(body.error?.code).toBe('NOT_FOUND');
      expect(body.meta.path).toBe(path);
    }
    const anonymous = await app.request('/api/nope');
    expect(anonymous.status).toBe(401);
  });

  it('answers a true bug with 500 INTERNAL_ERROR and logs it without secrets', async () => {
    const logs: Record<string, unknown>[] = [];
    const broken = createTestApp(handle.db, {
      // A query failing the way Drizzle reports it: statement, then the bound parameters.
      getDb: async () =>
        ({
          select: () => {
            throw new Error(`Failed query: select from api_keys\nparams: ${key}`);
          },
        }) as unknown as Db,
      log: (entry) => logs.push(entry),
    });
    const res = await broken.request('/api/devices', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(500);
    const body = await readEnvelope(res);
    expect(body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'error',
      requestId: body.meta.requestId,
      path: '/api/devices',
    });
    expect(JSON.stringify(logs)).not.toContain(key);
  });
});

describe('GET /openapi.json', () => {
  interface OpenApiDoc {
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>>;
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  }

  it('documents every route of the app, and only those', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served.size).toBeGreaterThanOrEqual(15);
    for (const route of [
      'get /api/health',
      'get /api/health/ready',
      'get /openapi.json',
      'post /api/journey/sessions',
      'get /api/devices',
      'get /api/oems',
      'get /api/{deviceType}/{deviceId}',
      'post /api/sandbox/devices/{deviceId}/disconnect',
      'get /api/webhooks/endpoints',
      'post /api/webhooks/endpoints',
      'post /api/webhooks/endpoints/{endpointId}/disable',
      'delete /api/webhooks/endpoints/{endpointId}',
      'post /api/webhooks/endpoints/{endpointId}/test',
      'get /api/webhooks/deliveries',
      'post /api/webhooks/events/{eventId}/replay',
    ]) {
      expect(documented, route).toContain(route);
    }
  });

  it('marks authenticated routes with both key schemes and strict request bodies', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDoc;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'ApiKeyHeader',
      'BearerAuth',
    ]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        const isPublic = PUBLIC_PATHS.has(path) || path === '/openapi.json';
        expect(op.security, path).toEqual(
          isPublic ? [] : [{ ApiKeyHeader: [] }, { BearerAuth: [] }],
        );
      }
    }
    const read = doc.paths['/api/{deviceType}/{deviceId}']?.get as unknown as {
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(Object.keys(read.responses['200']?.headers ?? {})).toEqual([
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Quota-Limit',
      'X-Quota-Remaining',
      'X-Quota-Reset',
    ]);
    expect(read.responses['429']?.headers).toHaveProperty('Retry-After');
    expect(read.responses['401']?.headers).toBeUndefined();
    expect(doc.components.schemas.CreateJourneySession).toMatchObject({
      additionalProperties: false,
      required: ['appId', 'userId'],
    });
  });
});
