import type { Tx } from '../db/client';
import { auditLog } from '../db/schema';

/** Who made a change when the caller does not say: the operator's admin CLI. */
export const DEFAULT_ACTOR = 'admin-cli';

export interface MutationOptions {
  /** Recorded in the audit log; defaults to `admin-cli`. */
  actor?: string;
}

export type CustomerAuditAction =
  'customer.created' | 'customer.updated' | 'app.created' | 'app.updated';

/** Appends one audit row, in the caller's transaction so the change and its record commit together. */
export async function recordCustomerAudit(
  tx: Tx,
  entry: {
    action: CustomerAuditAction;
    customerId: string;
    subjectId: string;
    actor: string | undefined;
    details: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    customerId: entry.customerId,
    actor: entry.actor ?? DEFAULT_ACTOR,
    action: entry.action,
    subjectId: entry.subjectId,
    details: entry.details,
  });
}
