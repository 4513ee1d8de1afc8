import { z } from '@hono/zod-openapi';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../../validation/storable-text';

/**
 * Strings that reach SQL: NUL would fail in the database as a 500 and a lone surrogate would be
 * stored altered, so both are input errors here.
 */
export function text(options: { min?: number; max: number }) {
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max)
    .refine(isStorableText, STORABLE_TEXT_MESSAGE);
}

/** Longer ids cannot exist; they are answered like any unknown id, without a query. */
export const MAX_ID_LENGTH = 128;

/** Whether a path id could name a row at all; others are answered as not found without a query. */
export function isPlausibleId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && !id.includes('\0');
}
