import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createSchedule, deleteSchedule, listSchedules } from '../../actions';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import { asApiErrors, scheduleRequestSchema, scheduleSchema } from './action-schemas';
import { devicePathParams, deviceRouteHook } from './device-schemas';
import { isPlausibleId } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const NOT_FOUND_DEVICE =
  'DEVICE_NOT_FOUND (also for a device of another customer or environment, or of another type); NOT_FOUND for an unknown device type';

const base = { tags: ['schedules'], security: KEY_SECURITY };

const createScheduleRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/{deviceType}/{deviceId}/schedules',
  operationId: 'createSchedule',
  summary: 'A weekly recurring action (permission devices:write)',
  description:
    'Fires within 60 s of its local time on each of its days, following daylight-saving changes ' +
    '(a time skipped by the change fires just after it; a repeated time fires once). Each firing ' +
    'is an ordinary action with its own webhook.',
  middleware: [requirePermission('devices:write')] as const,
  request: {
    params: z.object(devicePathParams),
    body: { content: jsonContent(scheduleRequestSchema), required: true },
  },
  responses: {
    201: {
      description: 'Created',
      content: jsonContent(successEnvelopeSchema(scheduleSchema)),
    },
    ...errorResponses([...AUTH_ERRORS, 404, 409], {
      400: 'CAPABILITY_NOT_SUPPORTED; VALIDATION_ERROR naming the field (action.params.…, days, time, timezone; device when it has 20 schedules already)',
      403: 'INSUFFICIENT_PERMISSIONS (devices:write), LIVE_ACCESS_DISABLED, ALLOWANCE_EXCEEDED',
      404: NOT_FOUND_DEVICE,
      409: 'DEVICE_DISCONNECTED',
    }),
  },
});

const listSchedulesRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/{deviceType}/{deviceId}/schedules',
  operationId: 'listSchedules',
  summary: "The device's schedules (permission devices:read)",
  middleware: [requirePermission('devices:read')] as const,
  request: { params: z.object(devicePathParams) },
  responses: {
    200: {
      description: 'Schedules, oldest first',
      content: jsonContent(successEnvelopeSchema(z.object({ schedules: z.array(scheduleSchema) }))),
    },
    ...errorResponses([...AUTH_ERRORS, 404], { 404: NOT_FOUND_DEVICE }),
  },
});

const deleteScheduleRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/{deviceType}/{deviceId}/schedules/{scheduleId}',
  operationId: 'deleteSchedule',
  summary: 'Stop a schedule (permission devices:write); actions it already created go on',
  middleware: [requirePermission('devices:write')] as const,
  request: {
    params: z.object({
      ...devicePathParams,
      scheduleId: z.string().openapi({ param: { name: 'scheduleId', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'Deleted',
      content: jsonContent(
        successEnvelopeSchema(z.object({ scheduleId: z.string(), deleted: z.literal(true) })),
      ),
    },
    ...errorResponses([...AUTH_ERRORS, 404], {
      404: `${NOT_FOUND_DEVICE}; SCHEDULE_NOT_FOUND`,
    }),
  },
});

export function registerScheduleRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(
    createScheduleRoute,
    async (c) => {
      const { environment, customerId } = callerOf(c);
      const { deviceType, deviceId } = c.req.valid('param');
      if (!isPlausibleId(deviceId)) throw new ApiError('DEVICE_NOT_FOUND');
      const now = deps.clock();
      const db = await deps.getDb();
      const schedule = await asApiErrors(() =>
        createSchedule(db, {
          environment,
          customerId,
          deviceType,
          deviceId,
          ...c.req.valid('json'),
          now,
        }),
      );
      return respond(c, now, schedule, 201);
    },
    deviceRouteHook,
  );

  app.openapi(
    listSchedulesRoute,
    async (c) => {
      const { environment, customerId } = callerOf(c);
      const { deviceType, deviceId } = c.req.valid('param');
      if (!isPlausibleId(deviceId)) throw new ApiError('DEVICE_NOT_FOUND');
      const db = await deps.getDb();
      const schedules = await asApiErrors(() =>
        listSchedules(db, environment, customerId, deviceType, deviceId),
      );
      return respond(c, deps.clock(), { schedules }, 200);
    },
    deviceRouteHook,
  );

  app.openapi(
    deleteScheduleRoute,
    async (c) => {
      const { environment, customerId } = callerOf(c);
      const { deviceType, deviceId, scheduleId } = c.req.valid('param');
      if (!isPlausibleId(deviceId)) throw new ApiError('DEVICE_NOT_FOUND');
      if (!isPlausibleId(scheduleId)) throw new ApiError('SCHEDULE_NOT_FOUND');
      const db = await deps.getDb();
      await asApiErrors(() =>
        deleteSchedule(db, environment, customerId, deviceType, deviceId, scheduleId),
      );
      return respond(c, deps.clock(), { scheduleId, deleted: true as const }, 200);
    },
    deviceRouteHook,
  );
}
