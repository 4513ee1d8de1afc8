import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { acceptAction, findAction, listDeviceActions, requireDevice } from '../../actions';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import {
  actionRequestSchema,
  actionSchema,
  asApiErrors,
  idempotencyHeaders,
} from './action-schemas';
import { devicePathParams, deviceRouteHook } from './device-schemas';
import { isPlausibleId } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const NOT_FOUND_DEVICE =
  'DEVICE_NOT_FOUND (also for a device of another customer or environment, or of another type); NOT_FOUND for an unknown device type';

const createAction = createRoute({
  method: 'post',
  path: '/api/{deviceType}/{deviceId}/actions',
  operationId: 'createAction',
  tags: ['actions'],
  summary: 'Tell a device to do something; carried out asynchronously (permission devices:write)',
  description:
    'Validated against the device’s capabilities and queued in the same transaction. The outcome ' +
    'arrives as an action.succeeded or action.failed webhook and in GET /api/actions/{actionId}; ' +
    'an action without an outcome 60 s after it was accepted fails with OEM_TIMEOUT.',
  security: KEY_SECURITY,
  middleware: [requirePermission('devices:write')] as const,
  request: {
    params: z.object(devicePathParams),
    headers: idempotencyHeaders,
    body: { content: jsonContent(actionRequestSchema), required: true },
  },
  responses: {
    202: {
      description:
        'Accepted (pending). With an Idempotency-Key seen before for the same request: that action, as it is now, with the header Idempotent-Replayed: true',
      content: jsonContent(successEnvelopeSchema(actionSchema)),
    },
    ...errorResponses([...AUTH_ERRORS, 404, 409], {
      400: 'CAPABILITY_NOT_SUPPORTED (the device does not declare this type); VALIDATION_ERROR naming the field (a parameter missing, unknown or out of range)',
      403: 'INSUFFICIENT_PERMISSIONS (devices:write), LIVE_ACCESS_DISABLED, ALLOWANCE_EXCEEDED for a device beyond the allowance',
      404: NOT_FOUND_DEVICE,
      409: 'DEVICE_DISCONNECTED; IDEMPOTENCY_CONFLICT (the Idempotency-Key was used with another request)',
    }),
  },
});

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

const listActions = createRoute({
  method: 'get',
  path: '/api/{deviceType}/{deviceId}/actions',
  operationId: 'listDeviceActions',
  tags: ['actions'],
  summary: "The device's recent actions, newest first (permission devices:read)",
  security: KEY_SECURITY,
  middleware: [requirePermission('devices:read')] as const,
  request: { params: z.object(devicePathParams), query: listQuery },
  responses: {
    200: {
      description: 'Actions',
      content: jsonContent(successEnvelopeSchema(z.object({ actions: z.array(actionSchema) }))),
    },
    ...errorResponses([...AUTH_ERRORS, 404], { 404: NOT_FOUND_DEVICE }),
  },
});

const getAction = createRoute({
  method: 'get',
  path: '/api/actions/{actionId}',
  operationId: 'getAction',
  tags: ['actions'],
  summary: 'One action: pending, then succeeded or failed (permission devices:read)',
  security: KEY_SECURITY,
  middleware: [requirePermission('devices:read')] as const,
  request: {
    params: z.object({
      actionId: z.string().openapi({ param: { name: 'actionId', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'The action', content: jsonContent(successEnvelopeSchema(actionSchema)) },
    ...errorResponses([...AUTH_ERRORS, 404], {
      404: 'ACTION_NOT_FOUND (also for an action of another customer or environment)',
    }),
  },
});

/** Registered before the device routes: /api/actions/{id} would otherwise look like a device. */
export function registerActionRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(
    createAction,
    async (c) => {
      const caller = callerOf(c);
      const { deviceType, deviceId } = c.req.valid('param');
      const now = deps.clock();
      if (!isPlausibleId(deviceId)) throw new ApiError('DEVICE_NOT_FOUND');
      const db = await deps.getDb();
      const { action, replayed } = await asApiErrors(() =>
        acceptAction(db, {
          environment: caller.environment,
          customerId: caller.customerId,
          deviceType,
          deviceId,
          request: c.req.valid('json'),
          idempotencyKey: c.req.valid('header')['idempotency-key'],
          now,
        }),
      );
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return respond(c, now, action, 202);
    },
    deviceRouteHook,
  );

  app.openapi(
    listActions,
    async (c) => {
      const caller = callerOf(c);
      const { deviceType, deviceId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      if (!isPlausibleId(deviceId)) throw new ApiError('DEVICE_NOT_FOUND');
      const db = await deps.getDb();
      const { environment, customerId } = caller;
      const actions = await asApiErrors(async () => {
        await requireDevice(db, environment, customerId, deviceType, deviceId);
        return listDeviceActions(db, environment, customerId, deviceId, limit);
      });
      return respond(c, deps.clock(), { actions }, 200);
    },
    deviceRouteHook,
  );

  app.openapi(getAction, async (c) => {
    const caller = callerOf(c);
    const { actionId } = c.req.valid('param');
    const db = await deps.getDb();
    const action = isPlausibleId(actionId)
      ? await findAction(db, caller.environment, caller.customerId, actionId)
      : undefined;
    if (!action) throw new ApiError('ACTION_NOT_FOUND');
    return respond(c, deps.clock(), action, 200);
  });
}
