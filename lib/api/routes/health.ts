import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { checkDatabase } from '../../db/client';
import type { ApiEnv, RouteDeps } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import { errorResponses, jsonContent } from './shared';

const liveness = createRoute({
  operationId: 'getHealth',
  // Public: no key.
  security: [],
  method: 'get',
  path: '/api/health',
  tags: ['health'],
  summary: 'Liveness: the process answers',
  responses: {
    200: {
      description: 'Alive',
      content: jsonContent(successEnvelopeSchema(z.object({ status: z.literal('ok') }))),
    },
  },
});

const readiness = createRoute({
  operationId: 'getReadiness',
  // Public: no key.
  security: [],
  method: 'get',
  path: '/api/health/ready',
  tags: ['health'],
  summary: 'Readiness: the process and its database answer',
  responses: {
    200: {
      description: 'Ready',
      content: jsonContent(
        successEnvelopeSchema(z.object({ status: z.literal('ready'), database: z.literal('ok') })),
      ),
    },
    ...errorResponses([503], { 503: 'SERVICE_UNAVAILABLE: the database does not answer' }),
  },
});

export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(liveness, (c) => respond(c, deps.clock(), { status: 'ok' as const }, 200));

  app.openapi(readiness, async (c) => {
    try {
      await checkDatabase(await deps.getDb());
    } catch (error) {
      deps.log({
        level: 'warn',
        msg: 'readiness check failed',
        error: error instanceof Error ? error.message : String(error),
      });
      throw new ApiError('SERVICE_UNAVAILABLE', 'The database does not answer');
    }
    return respond(c, deps.clock(), { status: 'ready' as const, database: 'ok' as const }, 200);
  });
}
