import type { Tx } from '../db/client';
import type { Environment } from '../db/schema';
import { auditLog } from '../db/schema';

/** The audit log's name for a dashboard member. */
export function memberActor(email: string): string {
  return `user:${email}`;
}

/** Appends one audit row about something done (or refused) in the dashboard. */
export async function recordDashboardAudit(
  tx: Tx,
  entry: {
    customerId: string;
    actor: string;
    action: string;
    subjectId?: string | null;
    environment?: Environment | null;
    details?: Record<string, unknown>;
    at?: Date;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    customerId: entry.customerId,
    actor: entry.actor,
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    environment: entry.environment ?? null,
    details: entry.details ?? {},
    ...(entry.at ? { at: entry.at } : {}),
  });
}
