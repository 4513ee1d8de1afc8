import type { Tx } from '../db/client';
import type { Environment } from '../db/schema';
import { auditLog } from '../db/schema';

export type KeyAuditAction = 'key.created' | 'key.first_used' | 'key.revoked' | 'key.updated';

/** Appends one audit row about a key. The subject is the key id; the key itself is never recorded. */
export async function recordKeyAudit(
  tx: Tx,
  entry: {
    action: KeyAuditAction;
    keyId: string;
    customerId: string;
    environment: Environment;
    actor: string;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    at: entry.at,
    customerId: entry.customerId,
    environment: entry.environment,
    actor: entry.actor,
    action: entry.action,
    subjectId: entry.keyId,
    details: entry.details ?? {},
  });
}
