import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { customerApps } from '../../db/schema';

/** Whether `appId` is one of the customer's apps. */
export async function customerOwnsApp(db: Db, customerId: string, appId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: customerApps.id })
    .from(customerApps)
    .where(and(eq(customerApps.id, appId), eq(customerApps.customerId, customerId)));
  return row !== undefined;
}
