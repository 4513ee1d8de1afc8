import { z } from '@hono/zod-openapi';
import type { DeviceType } from '../../oem';
import { DEVICE_TYPES } from '../../oem';
import { ApiError } from '../errors';
import type { DeviceRow } from '../queries/devices';
import { issueToError } from '../validation';

export const deviceTypeSchema = z.enum(DEVICE_TYPES).openapi({ description: 'Device type' });

/** `{deviceType}/{deviceId}` of a device route. */
export const devicePathParams = {
  deviceType: deviceTypeSchema.openapi({ param: { name: 'deviceType', in: 'path' } }),
  deviceId: z.string().openapi({ param: { name: 'deviceId', in: 'path' } }),
};

type HookResult =
  | { success: true }
  | {
      success: false;
      target: string;
      error: { issues: ReadonlyArray<Parameters<typeof issueToError>[1][number]> };
    };

/**
 * Validation hook of device routes: an unknown device type is an unknown route (NOT_FOUND), not bad
 * input; anything else is a VALIDATION_ERROR naming the field.
 */
export function deviceRouteHook(result: HookResult): undefined {
  if (result.success) return undefined;
  if (result.target === 'param' && result.error.issues.some((i) => i.path[0] === 'deviceType')) {
    throw new ApiError('NOT_FOUND');
  }
  throw issueToError(result.target, result.error.issues);
}

export const deviceSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'dev_3kTq9wX2' }),
    type: deviceTypeSchema,
    oem: z.string().openapi({ example: 'volta' }),
    name: z.string(),
    model: z.string(),
    status: z.enum(['connected', 'disconnected']),
    userId: z.string().openapi({ description: 'Your identifier for the end user' }),
    connectedAt: z.string().openapi({ format: 'date-time' }),
    disconnectedAt: z.string().nullable().openapi({ format: 'date-time' }),
    overage: z.boolean().openapi({ description: 'Connected beyond the allowance (live)' }),
  })
  .openapi('DeviceSummary');

const commandParameterSchema = z.object({
  type: z.enum(['number', 'integer', 'boolean', 'string']),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  enum: z.array(z.string()).readonly().optional(),
});

export const capabilitiesSchema = z
  .object({
    commands: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        parameters: z.record(z.string(), commandParameterSchema),
      }),
    ),
    readings: z.array(z.string()),
  })
  .openapi('Capabilities');

export const deviceSchema = deviceSummarySchema
  .extend({
    capabilities: capabilitiesSchema,
    state: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        'Current state (sandbox: simulated, with the effects of the actions that succeeded since the simulation period began; null when not available)',
    }),
  })
  .openapi('Device');

export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export function toDeviceSummary(row: DeviceRow): DeviceSummary {
  return {
    id: row.id,
    // Rows are written with a catalogue type only (registration checks it).
    type: row.type as DeviceType,
    oem: row.oem,
    name: row.name,
    model: row.model,
    status: row.status,
    userId: row.userId,
    connectedAt: row.connectedAt.toISOString(),
    disconnectedAt: row.disconnectedAt?.toISOString() ?? null,
    overage: row.overage,
  };
}
