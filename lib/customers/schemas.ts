import { z } from 'zod';
import { MAX_MONTHLY_QUOTA, MAX_RATE_LIMIT, PLANS } from '../usage/plans';
import { checkPrimaryColor } from '../validation/brand-color';
import { checkAllowedOrigin, checkAppUrl, checkLogoUrl } from './url-policy';

/** Catalogue tiers an app can be entitled to in live. */
export const TIERS = ['standard', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

// Any other string is simply an unknown customer (NotFoundError), which tells the operator more.
const customerId = z.string().min(1, 'is required').max(100, 'is not a customer id');
const nonNegativeInt = z
  .number({ error: 'must be a non-negative integer' })
  .int('must be a non-negative integer')
  .min(0, 'must be a non-negative integer')
  .max(2_147_483_647, 'is too large');

function positiveInt(max: number) {
  return z
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(max, `must be at most ${max}`);
}

const appUrl = z.string().transform((value, ctx) => {
  const check = checkAppUrl(value);
  if (check.ok) return check.url;
  ctx.addIssue({ code: 'custom', message: check.reason });
  return z.NEVER;
});

const logoUrl = z.string().transform((value, ctx) => {
  const check = checkLogoUrl(value);
  if (check.ok) return check.url;
  ctx.addIssue({ code: 'custom', message: check.reason });
  return z.NEVER;
});

const allowedOrigin = z.string().transform((value, ctx) => {
  const check = checkAllowedOrigin(value);
  if (check.ok) return check.url;
  ctx.addIssue({ code: 'custom', message: check.reason });
  return z.NEVER;
});

const primaryColor = z.string().transform((value, ctx) => {
  const check = checkPrimaryColor(value);
  if (check.ok) return check.color;
  ctx.addIssue({ code: 'custom', message: check.reason });
  return z.NEVER;
});

/** OEM ids are checked against the catalogue after parsing; here only their shape. */
const oemId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be an OEM id such as "volta"');

export const createCustomerSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
    liveEnabled: z.boolean().optional(),
  })
  .strict();

export const updateCustomerSchema = z
  .object({
    customerId,
    liveEnabled: z.boolean().optional(),
    /** null removes the cap (unlimited). */
    globalCap: nonNegativeInt.nullable().optional(),
    /** Merged into the existing per-OEM caps. */
    oemCaps: z.record(oemId, nonNegativeInt).optional(),
    /** The plan; see changeTerms in lib/usage/plans for how it combines with the two below. */
    plan: z.enum(PLANS, { error: 'must be starter, pro or enterprise' }).optional(),
    /** Requests per second per live key. */
    rateLimit: positiveInt(MAX_RATE_LIMIT).optional(),
    /** Requests per UTC calendar month, all live keys together. */
    monthlyQuota: positiveInt(MAX_MONTHLY_QUOTA).optional(),
  })
  .strict();

export const createCustomerAppSchema = z
  .object({
    customerId,
    appName: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
    redirectUrl: appUrl,
    reconnectRedirectUrl: appUrl,
    logoUrl: logoUrl.optional(),
    primaryColor: primaryColor.optional(),
    allowedOrigins: z
      .array(allowedOrigin)
      .max(10, 'must list at most 10 origins')
      .transform((origins) => [...new Set(origins)])
      .optional(),
    /** Omitted = every OEM of the catalogue. */
    supportedOems: z
      .array(oemId)
      .min(1, 'must list at least one OEM (omit it to offer every OEM)')
      .transform((ids) => [...new Set(ids)])
      .optional(),
    entitledTiers: z
      .array(z.enum(TIERS, { error: 'must be "standard" or "premium"' }))
      .min(1, 'must list at least one tier')
      .transform((tiers) => [...new Set(tiers)])
      .optional(),
  })
  .strict();

export const updateCustomerAppSchema = z
  .object({
    appId: z.string().min(1, 'is required').max(100, 'is not an app id'),
    customerId,
    appName: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(80, 'must be at most 80 characters')
      .optional(),
    redirectUrl: appUrl.optional(),
    reconnectRedirectUrl: appUrl.optional(),
    logoUrl: logoUrl.nullable().optional(),
    /** null returns to the product's colour. */
    primaryColor: primaryColor.nullable().optional(),
    allowedOrigins: z
      .array(allowedOrigin)
      .max(10, 'must list at most 10 origins')
      .transform((origins) => [...new Set(origins)])
      .optional(),
    supportedOems: z
      .array(oemId)
      .min(1, 'must list at least one OEM (null offers every OEM)')
      .transform((ids) => [...new Set(ids)])
      .nullable()
      .optional(),
  })
  .strict();

export type UpdateCustomerAppInput = z.input<typeof updateCustomerAppSchema>;
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;
export type CreateCustomerAppInput = z.input<typeof createCustomerAppSchema>;
