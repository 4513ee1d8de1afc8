import { z } from '@hono/zod-openapi';
import type { ApiContext } from './context';
import type { ApiErrorCode } from './errors';
import { API_ERROR_CODES } from './errors';

/** The envelope of every API answer, as zod schemas for the OpenAPI document. */

export const metaSchema = z
  .object({
    requestId: z.string(),
    timestamp: z.string().openapi({ format: 'date-time' }),
    path: z.string(),
  })
  .openapi('Meta');

export const errorEnvelopeSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.enum(API_ERROR_CODES as [ApiErrorCode, ...ApiErrorCode[]]),
      message: z.string(),
      field: z
        .string()
        .optional()
        .openapi({ description: 'The offending input (VALIDATION_ERROR)' }),
    }),
    meta: metaSchema,
  })
  .openapi('Error');

export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data, meta: metaSchema });
}

export interface Meta {
  requestId: string;
  timestamp: string;
  path: string;
}

export function metaOf(c: ApiContext, now: Date): Meta {
  return {
    requestId: c.get('requestId') ?? 'unknown',
    timestamp: now.toISOString(),
    path: c.req.path,
  };
}

export interface ErrorBody {
  success: false;
  error: { code: ApiErrorCode; message: string; field?: string };
  meta: Meta;
}

export function errorBody(
  c: ApiContext,
  now: Date,
  code: ApiErrorCode,
  message: string,
  field?: string,
): ErrorBody {
  return {
    success: false,
    error: field === undefined ? { code, message } : { code, message, field },
    meta: metaOf(c, now),
  };
}

/** A success answer in the envelope. */
export function respond<T, S extends 200 | 201 | 202>(
  c: ApiContext,
  now: Date,
  data: T,
  status: S,
) {
  return c.json({ success: true as const, data, meta: metaOf(c, now) }, status);
}
