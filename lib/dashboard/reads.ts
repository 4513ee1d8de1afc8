import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { authInvitations, authMembers, authUsers } from '../accounts/tables';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { apiKeys, auditLog, customerApps, customers } from '../db/schema';
import { listDevicesForCustomer } from '../api/queries/devices';
import { listDeliveries, listWebhookEndpoints } from '../webhooks';
import { tablesFor } from '../db/schema';

/**
 * What the dashboard's pages show, always for one customer (and one environment where it applies).
 * Never a secret: keys by prefix, endpoints without their signing secrets.
 */

export async function getCompany(db: Db, customerId: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
  return row;
}

export async function listKeys(db: Db, customerId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      environment: apiKeys.environment,
      permissions: apiKeys.permissions,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.customerId, customerId))
    .orderBy(desc(apiKeys.createdAt), apiKeys.id);
}

export async function listApps(db: Db, customerId: string) {
  return db
    .select()
    .from(customerApps)
    .where(eq(customerApps.customerId, customerId))
    .orderBy(customerApps.createdAt, customerApps.id);
}

/** Endpoints with their secret count (2 = a rotation under way) and recent deliveries. */
export async function listEndpointsWithDeliveries(
  db: Db,
  environment: Environment,
  customerId: string,
) {
  const endpoints = await listWebhookEndpoints(db, environment, customerId);
  const e = tablesFor(environment).webhookEndpoints;
  const rotations = await db
    .select({ id: e.id, secrets: sql<number>`jsonb_array_length(${e.secrets})` })
    .from(e)
    .where(and(eq(e.customerId, customerId), isNull(e.deletedAt)));
  const rotating = new Set(rotations.filter((r) => Number(r.secrets) > 1).map((r) => r.id));
  return Promise.all(
    endpoints.map(async (endpoint) => ({
      ...endpoint,
      rotating: rotating.has(endpoint.endpointId),
      deliveries: await listDeliveries(db, environment, customerId, {
        endpointId: endpoint.endpointId,
        limit: 20,
      }),
    })),
  );
}

export async function searchDevices(
  db: Db,
  environment: Environment,
  customerId: string,
  userId: string | undefined,
) {
  return listDevicesForCustomer(db, environment, customerId, { userId, limit: 100, offset: 0 });
}

export async function listTeam(db: Db, organizationId: string, now: Date = new Date()) {
  const members = await db
    .select({
      memberId: authMembers.id,
      role: authMembers.role,
      email: authUsers.email,
      twoFactor: authUsers.twoFactorEnabled,
      joinedAt: authMembers.createdAt,
    })
    .from(authMembers)
    .innerJoin(authUsers, eq(authUsers.id, authMembers.userId))
    .where(eq(authMembers.organizationId, organizationId))
    .orderBy(authMembers.createdAt);
  const invitations = await db
    .select({
      id: authInvitations.id,
      email: authInvitations.email,
      role: authInvitations.role,
      expiresAt: authInvitations.expiresAt,
    })
    .from(authInvitations)
    .where(
      and(
        eq(authInvitations.organizationId, organizationId),
        eq(authInvitations.status, 'pending'),
        gte(authInvitations.expiresAt, now),
      ),
    )
    .orderBy(authInvitations.createdAt);
  return { members, invitations };
}

export async function listAudit(db: Db, customerId: string, limit = 200) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.customerId, customerId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** Whether the company has asked for live access (and not yet been given it). */
export async function liveAccessRequestedAt(db: Db, customerId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.action, 'live_access.requested')))
    .orderBy(desc(auditLog.at))
    .limit(1);
  return row?.at ?? null;
}
