import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { disconnectCredentialForDevice } from '../../devices/disconnect';
import { requirePermission, requireSandbox } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import { isPlausibleId } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const disconnectDevice = createRoute({
  operationId: 'disconnectSandboxDevice',
  method: 'post',
  path: '/api/sandbox/devices/{deviceId}/disconnect',
  tags: ['sandbox'],
  summary:
    "Sandbox only: expire the device's credentials as an OEM would (device.disconnected follows; permission devices:read)",
  security: KEY_SECURITY,
  // There is no devices:write: simulating an OEM event on a sandbox device belongs with device access.
  middleware: [requireSandbox, requirePermission('devices:read')] as const,
  request: {
    params: z.object({ deviceId: z.string().openapi({ param: { name: 'deviceId', in: 'path' } }) }),
  },
  responses: {
    200: {
      description: 'Disconnected',
      content: jsonContent(
        successEnvelopeSchema(
          z.object({ deviceId: z.string(), status: z.literal('disconnected') }),
        ),
      ),
    },
    ...errorResponses([...AUTH_ERRORS, 404], {
      403: 'SANDBOX_ONLY for a live key; INSUFFICIENT_PERMISSIONS',
      404: 'DEVICE_NOT_FOUND',
    }),
  },
});

export function registerSandboxRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(disconnectDevice, async (c) => {
    const caller = callerOf(c);
    const { deviceId } = c.req.valid('param');
    const now = deps.clock();
    const db = await deps.getDb();
    // Null when the device is not this customer's in this environment (never a 403).
    const result = isPlausibleId(deviceId)
      ? await disconnectCredentialForDevice(db, caller.environment, caller.customerId, deviceId, {
          reason: 'credentials_expired',
          now,
          config: deps.config,
        })
      : null;
    if (!result) throw new ApiError('DEVICE_NOT_FOUND');
    // Every device of the credential went down with it.
    for (const id of [deviceId, ...result.deviceIds]) {
      deps.devices.invalidate(caller.environment, caller.customerId, id);
    }
    return respond(c, now, { deviceId, status: 'disconnected' as const }, 200);
  });
}
