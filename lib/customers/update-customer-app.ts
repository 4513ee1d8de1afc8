import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { customerApps } from '../db/schema';
import { findOem } from '../oem';
import type { MutationOptions } from './audit';
import { invalidateCustomerApps } from './app-cache';
import { recordCustomerAudit } from './audit';
import { NotFoundError, ValidationError, parseInput } from './errors';
import type { UpdateCustomerAppInput } from './schemas';
import { updateCustomerAppSchema } from './schemas';

/**
 * Changes a Customer App's name, URLs, brand colour, embedding origins and OEMs (same rules as
 * creation). `logoUrl: null` removes the
 * logo; `supportedOems: null` offers every OEM. Throws NotFoundError when the app is not the customer's.
 */
export async function updateCustomerApp(
  db: Db,
  input: UpdateCustomerAppInput,
  options: MutationOptions = {},
): Promise<{ appId: string }> {
  const app = parseInput(updateCustomerAppSchema, input);
  for (const oem of app.supportedOems ?? []) {
    if (!findOem(oem)) throw new ValidationError('supportedOems', `unknown OEM "${oem}"`);
  }
  const { appId, customerId, ...changes } = app;
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(customerApps)
      .set(changes)
      .where(and(eq(customerApps.id, appId), eq(customerApps.customerId, customerId)))
      .returning({ id: customerApps.id });
    if (updated.length === 0) throw new NotFoundError(`Unknown app ${appId}`);
    await recordCustomerAudit(tx, {
      action: 'app.updated',
      customerId,
      subjectId: appId,
      actor: options.actor,
      details: { fields: Object.keys(changes) },
    });
  });
  // The journey caches apps; this process sees the change at once, others within the cache's TTL.
  invalidateCustomerApps();
  return { appId };
}
