import { z } from 'zod';

/**
 * Input of the dashboard's forms: imported by each form (client-side checks) and by the server, which
 * checks again. Only zod here, so the forms' bundles carry nothing else.
 */

export const ENV_VALUES = ['sandbox', 'live'] as const;
export const environmentSchema = z.enum(ENV_VALUES, { error: 'Choose Sandbox or Live' });

export const KEY_PERMISSIONS = [
  'devices:read',
  'devices:write',
  'journeys:write',
  'webhooks:manage',
  'usage:read',
] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const createKeySchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name').max(200, 'At most 200 characters'),
  environment: environmentSchema,
  expires: optionalText.pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2027-01-31')
      .optional(),
  ),
  permissions: z.array(z.enum(KEY_PERMISSIONS)).min(1, 'Choose at least one permission'),
});

export const revokeKeySchema = z.object({ keyId: z.string().min(1).max(100) });

const url = z.string().trim().min(1, 'Enter a URL').max(2000, 'At most 2000 characters');

export const appFieldsSchema = z.object({
  appName: z.string().trim().min(1, 'Give the app a name').max(80, 'At most 80 characters'),
  redirectUrl: url,
  reconnectRedirectUrl: url,
  logoUrl: optionalText.pipe(z.string().max(2000).optional()),
  /** Checked on the server (hex, 4.5:1 with white text); blank = the product's colour. */
  primaryColor: optionalText.pipe(
    z.string().max(20, 'Use a hex colour such as #0f766e').optional(),
  ),
  /** Comma- or space-separated origins; checked on the server (https, exact, no wildcards). */
  allowedOrigins: optionalText.pipe(z.string().max(2000, 'At most 2000 characters').optional()),
  oems: z.array(z.string().regex(/^[a-z0-9_-]{1,40}$/)).default([]),
});
export const createAppSchema = appFieldsSchema;

/** The allowed origins field as a list. */
export function originList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((origin) => origin !== '');
}
export const updateAppSchema = appFieldsSchema.extend({ appId: z.string().min(1).max(100) });

export const createEndpointSchema = z.object({ environment: environmentSchema, url });
export const endpointSchema = z.object({
  environment: environmentSchema,
  endpointId: z.string().min(1).max(100),
});
export const replaySchema = z.object({
  environment: environmentSchema,
  eventId: z.string().min(1).max(100),
});

export const disconnectDeviceSchema = z.object({ deviceId: z.string().min(1).max(100) });

export const INVITE_ROLES = ['admin', 'developer', 'viewer'] as const;
export const inviteSchema = z.object({
  email: z.email('Enter an email address').max(254),
  role: z.enum(INVITE_ROLES, { error: 'Choose a role' }),
});
export const changeRoleSchema = z.object({
  memberId: z.string().min(1).max(100),
  role: z.enum(INVITE_ROLES, { error: 'Choose a role' }),
});
export const removeMemberSchema = z.object({ memberId: z.string().min(1).max(100) });

export const liveAccessSchema = z.object({});

export const acceptInvitationSchema = z.object({
  invitationId: z.string().min(1).max(100),
  password: z.string().min(10, 'At least 10 characters').max(128, 'At most 128 characters'),
});
