import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { listDeliveries, replayEvent, WEBHOOK_ERROR_CLASSES } from '../../webhooks';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import { isPlausibleId } from './inputs';
import { AUTH_ERRORS, errorResponses, jsonContent } from './shared';
import { dateTime, notFoundResponses, webhookRouteBase as common } from './webhook-shared';

const deliverySchema = z
  .object({
    deliveryId: z.number().int(),
    eventId: z.string(),
    eventType: z.string(),
    endpointId: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastResponseBytes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Size of the last response's body (the body itself is never kept)" }),
    lastError: z
      .string()
      .nullable()
      .openapi({
        description: `Why the last attempt failed, as a generic class: ${WEBHOOK_ERROR_CLASSES.join(', ')}`,
      }),
    nextAttemptAt: dateTime().nullable(),
    deliveredAt: dateTime().nullable(),
    createdAt: dateTime(),
  })
  .openapi('WebhookDelivery');

const listDeliveryLog = createRoute({
  operationId: 'listWebhookDeliveries',
  ...common,
  method: 'get',
  path: '/api/webhooks/deliveries',
  summary: 'The delivery log, newest first (permission webhooks:manage)',
  request: {
    query: z
      .object({
        status: z.enum(['pending', 'succeeded', 'failed']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'Deliveries',
      content: jsonContent(
        successEnvelopeSchema(z.object({ deliveries: z.array(deliverySchema) })),
      ),
    },
    ...errorResponses(AUTH_ERRORS),
  },
});

const replay = createRoute({
  operationId: 'replayWebhookEvent',
  ...common,
  method: 'post',
  path: '/api/webhooks/events/{eventId}/replay',
  summary:
    'Deliver an event again to your enabled endpoints, keeping its webhook-id (permission webhooks:manage)',
  request: {
    params: z.object({ eventId: z.string().openapi({ param: { name: 'eventId', in: 'path' } }) }),
  },
  responses: {
    200: {
      description: 'Replay scheduled',
      content: jsonContent(
        successEnvelopeSchema(z.object({ eventId: z.string(), deliveries: z.number().int() })),
      ),
    },
    ...notFoundResponses('EVENT_NOT_FOUND'),
  },
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function registerWebhookDeliveryRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(listDeliveryLog, async (c) => {
    const { environment, customerId } = callerOf(c);
    const query = c.req.valid('query');
    const rows = await listDeliveries(await deps.getDb(), environment, customerId, query);
    const deliveries = rows.map((r) => ({
      ...r,
      status: r.status as 'pending' | 'succeeded' | 'failed',
      nextAttemptAt: iso(r.nextAttemptAt),
      deliveredAt: iso(r.deliveredAt),
      createdAt: r.createdAt.toISOString(),
    }));
    return respond(c, deps.clock(), { deliveries }, 200);
  });

  app.openapi(replay, async (c) => {
    const { environment, customerId } = callerOf(c);
    const { eventId } = c.req.valid('param');
    const now = deps.clock();
    const result = isPlausibleId(eventId)
      ? await replayEvent(await deps.getDb(), environment, customerId, eventId, now)
      : null;
    if (!result) throw new ApiError('EVENT_NOT_FOUND');
    return respond(c, now, { eventId, deliveries: result.deliveries }, 200);
  });
}
