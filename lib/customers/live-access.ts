import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, customers } from '../db/schema';
import type { MutationOptions } from './audit';
import { DEFAULT_ACTOR } from './audit';
import { updateCustomer } from './customers';

/** Live access requests from the dashboard that the operator has not granted yet, oldest first. */
export async function listLiveAccessRequests(db: Db) {
  const rows = await db
    .select({
      customerId: auditLog.customerId,
      requestedAt: auditLog.at,
      requestedBy: auditLog.actor,
      name: customers.name,
      liveEnabled: customers.liveEnabled,
    })
    .from(auditLog)
    .innerJoin(customers, eq(customers.id, auditLog.customerId))
    .where(eq(auditLog.action, 'live_access.requested'))
    .orderBy(desc(auditLog.at));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows)
    if (row.customerId && !latest.has(row.customerId)) latest.set(row.customerId, row);
  return [...latest.values()]
    .filter((r) => !r.liveEnabled)
    .map(({ liveEnabled: _l, ...r }) => ({ ...r, requestedAt: r.requestedAt.toISOString() }))
    .reverse();
}

/** Grants live access (the customer's live keys and journeys start working) and records it. */
export async function grantLiveAccess(db: Db, customerId: string, options: MutationOptions = {}) {
  const customer = await updateCustomer(db, { customerId, liveEnabled: true }, options);
  await db.insert(auditLog).values({
    customerId,
    actor: options.actor ?? DEFAULT_ACTOR,
    action: 'live_access.granted',
    subjectId: customerId,
    environment: 'live',
    details: {},
  });
  return { customerId: customer.id, liveEnabled: customer.liveEnabled };
}
