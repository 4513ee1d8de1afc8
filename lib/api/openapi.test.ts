import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Db } from '../db/client';
import { createUsageTracker } from '../usage';
import { createApiApp } from './app';

type Operation = { operationId?: string; security?: unknown[] };

describe('the OpenAPI document', () => {
  it('names every operation once and marks the public routes as needing no key', async () => {
    const config = parseConfig({
      APP_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://auth-journey.test',
    });
    const getDb = (): Promise<Db> => Promise.reject(new Error('no database'));
    const app = createApiApp({ getDb, config, usage: createUsageTracker({ getDb }) });
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, ...op })),
    );
    expect(
      operations.filter((op) => !op.operationId).map((op) => `${op.method} ${op.path}`),
    ).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const publicRoutes = operations
      .filter((op) => op.security?.length === 0)
      .map((op) => op.path)
      .sort();
    expect(publicRoutes).toEqual(['/api/health', '/api/health/ready', '/openapi.json']);
    expect(operations.every((op) => Array.isArray(op.security))).toBe(true);
  });
});
