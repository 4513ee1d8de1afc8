import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { isDeviceType } from '../../oem';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { deviceReadData } from '../device-read';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError, validationError } from '../errors';
import { listDevicesForCustomer } from '../queries/devices';
import {
  devicePathParams,
  deviceRouteHook,
  deviceSchema,
  deviceSummarySchema,
  toDeviceSummary,
} from './device-schemas';
import { isPlausibleId, text } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const listQuery = z
  .object({
    userId: text({ min: 1, max: 256 }).optional().openapi({ description: 'Only this end user' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const listDevices = createRoute({
  operationId: 'listDevices',
  method: 'get',
  path: '/api/devices',
  tags: ['devices'],
  summary: "Your devices in the key's environment, newest first (permission devices:read)",
  security: KEY_SECURITY,
  middleware: [requirePermission('devices:read')] as const,
  request: { query: listQuery },
  responses: {
    200: {
      description: 'Devices',
      content: jsonContent(
        successEnvelopeSchema(
          z.object({
            devices: z.array(deviceSummarySchema),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        ),
      ),
    },
    ...errorResponses(AUTH_ERRORS),
  },
});

const getDevice = createRoute({
  operationId: 'getDevice',
  method: 'get',
  path: '/api/{deviceType}/{deviceId}',
  tags: ['devices'],
  summary: 'One device with its capabilities and current state (permission devices:read)',
  security: KEY_SECURITY,
  middleware: [requirePermission('devices:read')] as const,
  request: {
    params: z.object(devicePathParams),
    query: z
      .object({
        at: z.iso
          .datetime({ offset: true })
          .optional()
          .openapi({ description: 'Sandbox only: evaluate the simulated state at this instant' }),
      })
      .strict(),
  },
  responses: {
    200: { description: 'The device', content: jsonContent(successEnvelopeSchema(deviceSchema)) },
    ...errorResponses([...AUTH_ERRORS, 404], {
      403: 'INSUFFICIENT_PERMISSIONS, LIVE_ACCESS_DISABLED, or ALLOWANCE_EXCEEDED for a live device registered beyond the customer’s global or per-OEM cap (its state is withheld until a cap allows it)',
      404: 'DEVICE_NOT_FOUND (also for a device of another customer or environment); NOT_FOUND for an unknown device type',
    }),
  },
});

export function registerDeviceRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(listDevices, async (c) => {
    const caller = callerOf(c);
    const query = c.req.valid('query');
    const db = await deps.getDb();
    const rows = await listDevicesForCustomer(db, caller.environment, caller.customerId, query);
    return respond(
      c,
      deps.clock(),
      { devices: rows.map(toDeviceSummary), limit: query.limit, offset: query.offset },
      200,
    );
  });

  /** Registered last: its two free segments would otherwise shadow /api/webhooks/… and friends. */
  app.openapi(
    getDevice,
    async (c) => {
      const caller = callerOf(c);
      const { deviceType, deviceId } = c.req.valid('param');
      const { at } = c.req.valid('query');
      const now = deps.clock();
      if (at !== undefined && caller.environment !== 'sandbox') {
        throw validationError('at', 'available in sandbox only');
      }
      const db = await deps.getDb();
      const device = isPlausibleId(deviceId)
        ? await deps.devices.find(db, caller.environment, caller.customerId, deviceId, now)
        : undefined;
      // Same answer for a missing device, another customer's, another environment's or a type mismatch.
      if (!device || device.type !== deviceType || !isDeviceType(device.type)) {
        throw new ApiError('DEVICE_NOT_FOUND');
      }
      // Registered beyond a cap: known to exist, but its state is withheld until the cap allows it.
      if (device.overage) throw new ApiError('ALLOWANCE_EXCEEDED');
      const instant = at ? new Date(at) : (deps.config.sandboxClock ?? now);
      return respond(c, now, deviceReadData(device, caller.environment, instant), 200);
    },
    deviceRouteHook,
  );
}
