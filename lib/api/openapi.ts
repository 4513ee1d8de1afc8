import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv, RouteDeps } from './context';

export const OPENAPI_PATH = '/openapi.json';

const openapiRoute = createRoute({
  operationId: 'getOpenApiDocument',
  // Public: no key.
  security: [],
  method: 'get',
  path: OPENAPI_PATH,
  tags: ['meta'],
  summary: 'This document (OpenAPI 3.1)',
  responses: {
    200: {
      description: 'The OpenAPI document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

/**
 * Serves the OpenAPI 3.1 document generated from the routes' zod schemas (the same schemas that validate
 * requests). Built on first request, after every route is registered, and kept.
 */
export function registerOpenApi(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKeyHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'amps_sk_test_… (sandbox) or amps_sk_live_… (live)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'BearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'Authorization: Bearer amps_sk_…',
  });
  let document: Record<string, unknown> | undefined;
  app.openapi(openapiRoute, (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Auth Journey API',
        version: '1.0.0',
        license: { name: 'Proprietary', url: `${deps.config.publicBaseUrl}/docs` },
        description:
          'Devices, journeys and webhooks of your Auth Journey integration. Every answer is an envelope ' +
          '{ success, data | error, meta }. Authenticated responses carry X-RateLimit-Limit, ' +
          'X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the window resets); those of live ' +
          'keys also X-Quota-Limit, X-Quota-Remaining and X-Quota-Reset (the monthly quota of your plan).',
      },
      servers: [{ url: deps.config.publicBaseUrl }],
    }) as unknown as Record<string, unknown>;
    addRateLimitHeaders(document);
    return c.json(document, 200);
  });
}

const integerHeader = (description: string) => ({ description, schema: { type: 'integer' } });

/** Sent by the auth middleware on every authenticated answer (see auth.ts); X-Quota-* for live keys. */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': integerHeader('Requests per second allowed for this key'),
  'X-RateLimit-Remaining': integerHeader('Requests left in the current window'),
  'X-RateLimit-Reset': integerHeader('Seconds until the current window resets'),
  'X-Quota-Limit': integerHeader(
    'Live keys: requests a month allowed by your plan (all live keys together, UTC calendar month)',
  ),
  'X-Quota-Remaining': integerHeader('Live keys: requests left this month'),
  'X-Quota-Reset': integerHeader('Live keys: seconds until the quota renews (start of next month)'),
};

type Operation = {
  security?: unknown[];
  responses?: Record<string, { headers?: Record<string, unknown> }>;
};

/**
 * Documents the rate-limit headers on the answers of authenticated operations. They come from one
 * middleware rather than from each route's schema, so they are added here, in one place, as well.
 */
function addRateLimitHeaders(document: Record<string, unknown>): void {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (!operation.security?.length) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        // A 401 happens before the key is known: no budget to report.
        if (status === '401') continue;
        response.headers = { ...response.headers, ...RATE_LIMIT_HEADERS };
        if (status === '429') {
          response.headers['Retry-After'] = integerHeader(
            'Seconds to wait before retrying: to the next window, or for QUOTA_EXCEEDED to the start of next month (UTC)',
          );
        }
      }
    }
  }
}
