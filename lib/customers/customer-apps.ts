import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Customer, CustomerApp } from '../db/schema';
import { customerApps, customers } from '../db/schema';
import { randomId } from '../crypto';
import { findOem } from '../oem';
import type { MutationOptions } from './audit';
import { recordCustomerAudit } from './audit';
import { NotFoundError, ValidationError, parseInput } from './errors';
import type { CreateCustomerAppInput } from './schemas';
import { createCustomerAppSchema } from './schemas';
import { getCustomer } from './customers';

export type CustomerAppWithCustomer = CustomerApp & { customer: Customer };

/**
 * Registers a Customer App: where the journey sends end users back to, what it shows, which OEMs it
 * offers. URLs follow ./url-policy (absolute https; http only on localhost). Omitting `supportedOems`
 * offers every OEM of the catalogue; `entitledTiers` defaults to standard.
 */
export async function createCustomerApp(
  db: Db,
  input: CreateCustomerAppInput,
  options: MutationOptions = {},
): Promise<{ appId: string }> {
  const app = parseInput(createCustomerAppSchema, input);
  for (const oem of app.supportedOems ?? []) {
    if (!findOem(oem)) throw new ValidationError('supportedOems', `unknown OEM "${oem}"`);
  }
  const appId = randomId('app');
  await db.transaction(async (tx) => {
    // Checked inside the transaction for a clear error; the foreign key backs it up.
    if (!(await getCustomer(tx, app.customerId))) {
      throw new NotFoundError(`Unknown customer ${app.customerId}`);
    }
    await tx.insert(customerApps).values({
      id: appId,
      customerId: app.customerId,
      appName: app.appName,
      logoUrl: app.logoUrl ?? null,
      primaryColor: app.primaryColor ?? null,
      allowedOrigins: app.allowedOrigins ?? [],
      redirectUrl: app.redirectUrl,
      reconnectRedirectUrl: app.reconnectRedirectUrl,
      supportedOems: app.supportedOems ?? null,
      ...(app.entitledTiers ? { entitledTiers: app.entitledTiers } : {}),
    });
    await recordCustomerAudit(tx, {
      action: 'app.created',
      customerId: app.customerId,
      subjectId: appId,
      actor: options.actor,
      details: { appName: app.appName },
    });
  });
  return { appId };
}

/** The app with its customer (the journey needs both: redirect URLs, live access, allowances). */
export async function getCustomerApp(
  db: Db,
  appId: string,
): Promise<CustomerAppWithCustomer | undefined> {
  const [row] = await db
    .select({ app: customerApps, customer: customers })
    .from(customerApps)
    .innerJoin(customers, eq(customers.id, customerApps.customerId))
    .where(eq(customerApps.id, appId))
    .limit(1);
  return row ? { ...row.app, customer: row.customer } : undefined;
}
