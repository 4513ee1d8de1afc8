import { eq, sql } from 'drizzle-orm';
import { invalidateCustomerApps } from './app-cache-generation';
import type { Db, Tx } from '../db/client';
import type { Customer } from '../db/schema';
import { customers } from '../db/schema';
import { randomId } from '../crypto';
import { recomputeAllowances } from '../devices/allowances';
import { findOem } from '../oem';
import type { CustomerTerms, TermsChange } from '../usage/plans';
import { changeTerms } from '../usage/plans';
import type { MutationOptions } from './audit';
import { recordCustomerAudit } from './audit';
import { NotFoundError, ValidationError, parseInput } from './errors';
import type { CreateCustomerInput, UpdateCustomerInput } from './schemas';
import { createCustomerSchema, updateCustomerSchema } from './schemas';

/** Creates a customer (sandbox access only unless `liveEnabled`). */
export async function createCustomer(
  db: Db,
  input: CreateCustomerInput,
  options: MutationOptions = {},
): Promise<{ customerId: string }> {
  const { name, liveEnabled = false } = parseInput(createCustomerSchema, input);
  const customerId = randomId('cus');
  await db.transaction(async (tx) => {
    await tx.insert(customers).values({ id: customerId, name, liveEnabled });
    await recordCustomerAudit(tx, {
      action: 'customer.created',
      customerId,
      subjectId: customerId,
      actor: options.actor,
      details: { name, liveEnabled },
    });
  });
  return { customerId };
}

/** The customer, or undefined. Accepts an open transaction too. */
export async function getCustomer(db: Db | Tx, customerId: string): Promise<Customer | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  return row;
}

/**
 * Changes live access, allowances and plan terms (see changeTerms in lib/usage/plans). `globalCap: null` removes the global cap; `oemCaps` is merged
 * into the existing per-OEM caps (in SQL, so two concurrent updates of different OEMs both stick).
 */
export async function updateCustomer(
  db: Db,
  input: UpdateCustomerInput,
  options: MutationOptions = {},
): Promise<Customer> {
  const { customerId, liveEnabled, globalCap, oemCaps, plan, rateLimit, monthlyQuota } = parseInput(
    updateCustomerSchema,
    input,
  );
  const termsChange =
    plan !== undefined || rateLimit !== undefined || monthlyQuota !== undefined
      ? { plan, rateLimit, monthlyQuota }
      : undefined;
  for (const oem of Object.keys(oemCaps ?? {})) {
    if (!findOem(oem)) throw new ValidationError('oemCaps', `unknown OEM "${oem}"`);
  }
  const mergeCaps = oemCaps !== undefined && Object.keys(oemCaps).length > 0;
  const changes = {
    ...(liveEnabled !== undefined ? { liveEnabled } : {}),
    ...(globalCap !== undefined ? { globalCap } : {}),
    ...(mergeCaps
      ? { oemCaps: sql`${customers.oemCaps} || ${JSON.stringify(oemCaps)}::jsonb` }
      : {}),
  };
  if (Object.keys(changes).length === 0 && !termsChange) {
    const current = await getCustomer(db, customerId);
    if (!current) throw new NotFoundError(`Unknown customer ${customerId}`);
    return current;
  }
  // Dropped once the change is committed: a journey reading meanwhile may cache the old row.
  const updated = await db.transaction(async (tx) => {
    const terms = termsChange ? await newTerms(tx, customerId, termsChange) : {};
    const [updated] = await tx
      .update(customers)
      .set({ ...changes, ...terms })
      .where(eq(customers.id, customerId))
      .returning();
    if (!updated) throw new NotFoundError(`Unknown customer ${customerId}`);
    // Caps changed: live devices' overage flags follow (raising admits, lowering flags; never deletes).
    if (globalCap !== undefined || mergeCaps) await recomputeAllowances(tx, updated);
    await recordCustomerAudit(tx, {
      action: 'customer.updated',
      customerId,
      subjectId: customerId,
      actor: options.actor,
      details: { liveEnabled, globalCap, oemCaps, ...terms },
    });
    return updated;
  });
  invalidateCustomerApps();
  return updated;
}

/** The customer's plan terms after `change`, read under a row lock so concurrent changes serialize. */
async function newTerms(tx: Tx, customerId: string, change: TermsChange): Promise<CustomerTerms> {
  const [current] = await tx
    .select({
      plan: customers.plan,
      rateLimit: customers.rateLimit,
      monthlyQuota: customers.monthlyQuota,
    })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  if (!current) throw new NotFoundError(`Unknown customer ${customerId}`);
  const result = changeTerms(current, change);
  if (!result.ok) throw new ValidationError(result.field, result.reason);
  return result.terms;
}
