import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv, RouteDeps } from './context';

export const OPENAPI_PATH = '/openapi.json';

const openapiRoute = createRoute({
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
        description:
          'Devices, journeys and webhooks of your Auth Journey integration. Every answer is an envelope ' +
          '{ success, data | error, meta }. Authenticated responses carry X-RateLimit-Limit, ' +
          'X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the window resets).',
      },
      servers: [{ url: deps.config.publicBaseUrl }],
    }) as unknown as Record<string, unknown>;
    return c.json(document, 200);
  });
}
