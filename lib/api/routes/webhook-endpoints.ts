import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WebhookEndpointLimitError,
  WebhookUrlError,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  listWebhookEndpoints,
  sendTestEvent,
} from '../../webhooks';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError, validationError } from '../errors';
import { isPlausibleId, text } from './inputs';
import { AUTH_ERRORS, errorResponses, jsonContent } from './shared';
import { dateTime, notFoundResponses, webhookRouteBase as common } from './webhook-shared';

const endpointParams = z.object({
  endpointId: z.string().openapi({ param: { name: 'endpointId', in: 'path' } }),
});

const endpointSchema = z
  .object({
    endpointId: z.string(),
    url: z.string(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: dateTime(),
  })
  .openapi('WebhookEndpoint');

const listEndpoints = createRoute({
  operationId: 'listWebhookEndpoints',
  ...common,
  method: 'get',
  path: '/api/webhooks/endpoints',
  summary: "Your webhook endpoints in the key's environment (permission webhooks:manage)",
  responses: {
    200: {
      description: 'Endpoints',
      content: jsonContent(successEnvelopeSchema(z.object({ endpoints: z.array(endpointSchema) }))),
    },
    ...errorResponses(AUTH_ERRORS),
  },
});

const createEndpoint = createRoute({
  operationId: 'createWebhookEndpoint',
  ...common,
  method: 'post',
  path: '/api/webhooks/endpoints',
  summary:
    'Register a webhook endpoint; the signing secret is shown only in this answer (permission webhooks:manage)',
  request: {
    body: {
      required: true,
      content: jsonContent(
        z
          .object({
            url: text({ min: 1, max: 2048 }).openapi({
              description:
                'Live: HTTPS on a public address. Sandbox: http(s); loopback and private addresses only where the server allows them (WEBHOOK_ALLOW_PRIVATE).',
              example: 'https://example.com/webhooks',
            }),
          })
          .strict()
          .openapi('CreateWebhookEndpoint'),
      ),
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: jsonContent(
        successEnvelopeSchema(
          z.object({
            endpointId: z.string(),
            url: z.string(),
            secret: z.string().openapi({ description: 'whsec_… (Standard Webhooks)' }),
          }),
        ),
      ),
    },
    ...errorResponses([...AUTH_ERRORS, 409], {
      409: `ENDPOINT_LIMIT_REACHED: at most ${MAX_WEBHOOK_ENDPOINTS} endpoints per environment`,
    }),
  },
});

const endpointAction = (action: 'disable' | 'enable' | 'test', summary: string) =>
  createRoute({
    ...common,
    method: 'post',
    path: `/api/webhooks/endpoints/{endpointId}/${action}`,
    operationId: {
      disable: 'disableWebhookEndpoint',
      enable: 'enableWebhookEndpoint',
      test: 'sendWebhookTestEvent',
    }[action],
    summary: `${summary} (permission webhooks:manage)`,
    request: { params: endpointParams },
    responses: {
      200: {
        description: 'Done',
        content: jsonContent(
          successEnvelopeSchema(
            action === 'test'
              ? z.object({ endpointId: z.string(), eventId: z.string() })
              : z.object({ endpointId: z.string(), enabled: z.boolean() }),
          ),
        ),
      },
      ...notFoundResponses('ENDPOINT_NOT_FOUND'),
    },
  });

const disableEndpoint = endpointAction(
  'disable',
  'Stop delivering to an endpoint; its pending deliveries fail (replayable)',
);
const enableEndpoint = endpointAction('enable', 'Deliver to a disabled endpoint again');
const testEndpoint = endpointAction('test', 'Send a webhook.test event to an enabled endpoint');

const deleteEndpoint = createRoute({
  operationId: 'deleteWebhookEndpoint',
  ...common,
  method: 'delete',
  path: '/api/webhooks/endpoints/{endpointId}',
  summary: 'Delete an endpoint (its delivery log is kept) (permission webhooks:manage)',
  request: { params: endpointParams },
  responses: {
    200: {
      description: 'Deleted',
      content: jsonContent(
        successEnvelopeSchema(z.object({ endpointId: z.string(), deleted: z.literal(true) })),
      ),
    },
    ...notFoundResponses('ENDPOINT_NOT_FOUND'),
  },
});

export function registerWebhookEndpointRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(listEndpoints, async (c) => {
    const { environment, customerId } = callerOf(c);
    const rows = await listWebhookEndpoints(await deps.getDb(), environment, customerId);
    const endpoints = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    return respond(c, deps.clock(), { endpoints }, 200);
  });

  app.openapi(createEndpoint, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { url } = c.req.valid('json');
    try {
      const created = await createWebhookEndpoint(
        await deps.getDb(),
        environment,
        { customerId, url },
        { appSecret: deps.config.appSecret, allowPrivate: deps.config.webhookAllowPrivate },
      );
      // The stored (normalized) form, as listings show it.
      const stored = new URL(url).toString();
      return respond(
        c,
        deps.clock(),
        { endpointId: created.endpointId, url: stored, secret: created.secret },
        201,
      );
    } catch (error) {
      if (error instanceof WebhookUrlError) throw validationError('url', error.message);
      if (error instanceof WebhookEndpointLimitError) {
        throw new ApiError('ENDPOINT_LIMIT_REACHED', error.message);
      }
      throw error;
    }
  });

  app.openapi(disableEndpoint, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { endpointId } = c.req.valid('param');
    const done =
      isPlausibleId(endpointId) &&
      (await disableWebhookEndpoint(await deps.getDb(), environment, customerId, endpointId));
    if (!done) throw new ApiError('ENDPOINT_NOT_FOUND');
    return respond(c, deps.clock(), { endpointId, enabled: false }, 200);
  });

  app.openapi(enableEndpoint, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { endpointId } = c.req.valid('param');
    const done =
      isPlausibleId(endpointId) &&
      (await enableWebhookEndpoint(await deps.getDb(), environment, customerId, endpointId));
    if (!done) throw new ApiError('ENDPOINT_NOT_FOUND');
    return respond(c, deps.clock(), { endpointId, enabled: true }, 200);
  });

  app.openapi(testEndpoint, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { endpointId } = c.req.valid('param');
    const now = deps.clock();
    const sent = isPlausibleId(endpointId)
      ? await sendTestEvent(await deps.getDb(), environment, customerId, endpointId, now)
      : null;
    if (!sent) throw new ApiError('ENDPOINT_NOT_FOUND', 'No such enabled webhook endpoint');
    return respond(c, now, { endpointId, eventId: sent.eventId }, 200);
  });

  app.openapi(deleteEndpoint, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { endpointId } = c.req.valid('param');
    const done =
      isPlausibleId(endpointId) &&
      (await deleteWebhookEndpoint(await deps.getDb(), environment, customerId, endpointId));
    if (!done) throw new ApiError('ENDPOINT_NOT_FOUND');
    return respond(c, deps.clock(), { endpointId, deleted: true as const }, 200);
  });
}
