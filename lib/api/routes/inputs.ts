import { z } from '@hono/zod-openapi';

/**
 * PostgreSQL text cannot hold NUL characters: such input would fail in the database as a 500. Strings
 * that reach SQL are therefore checked here, as input errors.
 */
export function text(options: { min?: number; max: number }) {
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max)
    .refine((value) => !value.includes('\0'), 'must not contain NUL characters');
}

/** Longer ids cannot exist; they are answered like any unknown id, without a query. */
export const MAX_ID_LENGTH = 128;

/** Whether a path id could name a row at all; others are answered as not found without a query. */
export function isPlausibleId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && !id.includes('\0');
}
