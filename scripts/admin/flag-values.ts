import { z } from 'zod';
import { MAX_MONTHLY_QUOTA, MAX_RATE_LIMIT, PLANS } from '../../lib/usage/plans';
import { ENVIRONMENTS } from '../../lib/vocabulary';

/**
 * zod schemas that turn flag strings into typed values. Their messages complete the sentence
 * "Invalid --flag: …".
 */

export const trueFalse = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((value) => value === 'true');

const NON_NEGATIVE_INT = /^\d{1,10}$/;

/** A non-negative integer, or `none` to remove the cap. */
export const capValue = z
  .string()
  .refine((value) => value === 'none' || NON_NEGATIVE_INT.test(value), {
    error: 'must be a non-negative integer, or none to remove the cap',
  })
  .transform((value) => (value === 'none' ? null : Number(value)));

/** Repeated `OEM=N` pairs, merged into one record (a later pair for the same OEM wins). */
export const oemCapPairs = z
  .array(
    z
      .string()
      .regex(
        /^[a-z0-9_-]+=\d{1,10}$/,
        'must be OEM=N with N a non-negative integer, e.g. volta=10',
      ),
  )
  .transform((pairs) =>
    Object.fromEntries(
      pairs.map((pair) => {
        const [oem = '', count = ''] = pair.split('=');
        return [oem, Number(count)];
      }),
    ),
  );

/** A comma-separated list, e.g. `volta,stellar`. */
export const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()))
  .refine((items) => items.every((item) => item.length > 0), {
    error: 'must be a comma-separated list without empty items, e.g. volta,stellar',
  });

export const environmentValue = z.enum(ENVIRONMENTS, { error: 'must be sandbox or live' });

/** An ISO 8601 instant with an offset (`2027-01-31T00:00:00Z`) or a UTC date (`2027-01-31`). */
export const isoInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 date or date-time, e.g. 2027-01-31T00:00:00Z',
  })
  .transform((value) => new Date(value));

export const requiredText = z.string().min(1, 'must not be empty');

/** A whole number from 1 to `max`, e.g. a rate in requests per second. */
export function positiveCount(max: number) {
  return z
    .string()
    .refine((value) => /^[1-9]\d{0,14}$/.test(value), { error: 'must be a positive integer' })
    .transform(Number)
    .refine((value) => value <= max, { error: `must be at most ${max}` });
}

/** Requests per second, 1 … MAX_RATE_LIMIT. */
export const rateValue = positiveCount(MAX_RATE_LIMIT);

/** Requests per month, 1 … MAX_MONTHLY_QUOTA. */
export const quotaValue = positiveCount(MAX_MONTHLY_QUOTA);

/** A rate, or `none` to remove it. */
export const rateOrNone = z.string().transform((value, ctx) => {
  if (value === 'none') return null;
  const parsed = rateValue.safeParse(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({
    code: 'custom',
    message: `${parsed.error.issues[0]?.message ?? 'is invalid'}, or none to use the plan's rate`,
  });
  return z.NEVER;
});

export const planValue = z.enum(PLANS, { error: 'must be starter, pro or enterprise' });
