import { z } from 'zod';

/** What an API key may do. A key holds all of them unless created with fewer. */
export const ALL_PERMISSIONS = [
  'devices:read',
  'devices:write',
  'journeys:write',
  'webhooks:manage',
  'usage:read',
] as const;

export type ApiPermission = (typeof ALL_PERMISSIONS)[number];

export const apiPermissionSchema = z.enum(ALL_PERMISSIONS);

export function isApiPermission(value: string): value is ApiPermission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}
