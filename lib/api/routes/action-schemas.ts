import { z } from '@hono/zod-openapi';
import { ACTION_FAILURE_REASONS, ActionError, WEEKDAYS } from '../../actions';
import { ApiError } from '../errors';
import { deviceTypeSchema } from './device-schemas';
import { text } from './inputs';
import { dateTime } from './webhook-shared';

/** Request and response schemas of the action and schedule routes (OpenAPI and validation). */

export const actionRequestSchema = z
  .object({
    type: text({ min: 1, max: 64 }).openapi({
      description: "A command of the device's capabilities",
      example: 'set_charge_limit',
    }),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description:
          "The command's parameters, as its capabilities declare them (every one required)",
        example: { percent: 80 },
      }),
  })
  .strict()
  .openapi('ActionRequest');

export const actionSchema = z
  .object({
    actionId: z.string().openapi({ example: 'act_4fZq0bT1rM2aY8cW3nP6xK' }),
    deviceId: z.string(),
    deviceType: deviceTypeSchema,
    type: z.string(),
    params: z.record(z.string(), z.unknown()),
    status: z.enum(['pending', 'succeeded', 'failed']),
    failureReason: z.enum(ACTION_FAILURE_REASONS).nullable(),
    scheduleId: z.string().nullable().openapi({ description: 'Set when a schedule created it' }),
    createdAt: dateTime(),
    completedAt: dateTime().nullable(),
  })
  .openapi('Action');

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be 1–255 printable ASCII characters')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'Makes a retry safe: the same key with the same request answers the same action for 24 hours; with another request, 409 IDEMPOTENCY_CONFLICT',
    }),
});

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const scheduleRequestSchema = z
  .object({
    action: actionRequestSchema,
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
      .openapi({ example: ['mon', 'tue', 'wed', 'thu', 'fri'] }),
    time: z
      .string()
      .regex(HH_MM, 'must be HH:MM (24-hour), 00:00 to 23:59')
      .openapi({ example: '22:30', description: 'Local time in `timezone`' }),
    timezone: text({ min: 1, max: 64 }).openapi({
      example: 'Europe/Amsterdam',
      description: 'IANA time zone; daylight-saving changes are followed',
    }),
  })
  .strict()
  .openapi('ScheduleRequest');

export const scheduleSchema = z
  .object({
    scheduleId: z.string(),
    deviceId: z.string(),
    deviceType: deviceTypeSchema,
    action: z.object({ type: z.string(), params: z.record(z.string(), z.unknown()) }),
    days: z.array(z.enum(WEEKDAYS)),
    time: z.string(),
    timezone: z.string(),
    nextOccurrenceAt: dateTime(),
    lastOccurrenceAt: dateTime().nullable(),
    createdAt: dateTime(),
  })
  .openapi('Schedule');

/** Runs domain code of lib/actions, turning its refusals into API errors of the same code. */
export async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ActionError) throw new ApiError(error.code, error.message, error.field);
    throw error;
  }
}
