import type { Db } from '../db/client';
import type { Actor } from './accounts';
import { memberActor, recordDashboardAudit } from './audit';
import type { Failure } from './result';
import { failure } from './result';
import type { Capability } from './roles';
import { ROLE_LABELS, roleAllows } from './roles';

/**
 * The one check every dashboard mutation passes: does the member's role allow it? A refusal is a
 * 403 and leaves an audit entry (who tried what), whatever the page showed them.
 */
export async function authorize(
  db: Db,
  actor: Actor,
  capability: Capability,
  mutation: string,
): Promise<Failure | null> {
  if (roleAllows(actor.role, capability)) return null;
  await recordDashboardAudit(db, {
    customerId: actor.customerId,
    actor: memberActor(actor.email),
    action: 'dashboard.refused',
    details: { mutation, role: actor.role, needs: capability },
  });
  return forbidden(`Your role (${ROLE_LABELS[actor.role]}) cannot do this.`);
}

export function forbidden(message: string): Failure {
  return failure('FORBIDDEN', message, undefined, 403);
}
