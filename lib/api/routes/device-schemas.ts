import { z } from '@hono/zod-openapi';
import { DEVICE_TYPES } from '../../oem';
import type { DeviceRow } from '../queries/devices';

export const deviceTypeSchema = z
  .enum(DEVICE_TYPES as [string, ...string[]])
  .openapi({ description: 'Device type' });

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
  type: z.enum(['number', 'boolean', 'string']),
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
    state: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'Current state (sandbox: simulated; null when not available)' }),
  })
  .openapi('Device');

export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export function toDeviceSummary(row: DeviceRow): DeviceSummary {
  return {
    id: row.id,
    type: row.type,
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
