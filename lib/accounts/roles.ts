import { z } from 'zod';

/**
 * Roles of a customer company's members and what each may change in the dashboard. Reading is open to
 * every member; this table is the single answer to "may this role do that?" (see guard.ts).
 */
export const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Roles an inviting member can hand out (ownership is never given by invitation). */
export const INVITABLE_ROLES = ['admin', 'developer', 'viewer'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  developer: 'Developer',
  viewer: 'Viewer',
};

/** What a dashboard mutation needs. */
export const CAPABILITIES = [
  'keys:manage',
  'apps:manage',
  'webhooks:manage',
  'devices:manage',
  'team:manage',
  'live:request',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<Role, readonly Capability[]> = {
  owner: CAPABILITIES,
  admin: CAPABILITIES,
  developer: ['keys:manage', 'apps:manage', 'webhooks:manage', 'devices:manage'],
  viewer: [],
};

export function roleAllows(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
