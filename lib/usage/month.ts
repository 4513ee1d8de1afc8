import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { customers, usageMonths } from '../db/schema';
import { monthStart, nextMonthStart } from './calendar';

export interface MonthQuotaUsage {
  /** Start of the UTC month. */
  month: Date;
  /** Requests counted against the quota this month (as of the last metering flush). */
  used: number;
  /** The plan's monthly quota; null in sandbox, which has none. */
  limit: number | null;
  remaining: number | null;
  /** When the quota renews: 00:00:00Z on the first day of next month. */
  resetsAt: Date;
}

/**
 * The month's quota use of a customer in one environment, as the usage page and GET /api/usage show
 * it. Counts reach the database with each metering flush, so this trails the API by at most one
 * flush interval. Undefined for an unknown customer.
 */
export async function monthQuotaUsage(
  db: Db,
  customerId: string,
  environment: Environment,
  now: Date,
): Promise<MonthQuotaUsage | undefined> {
  const month = monthStart(now);
  const [row] = await db
    .select({ monthlyQuota: customers.monthlyQuota, used: usageMonths.used })
    .from(customers)
    .leftJoin(
      usageMonths,
      and(
        eq(usageMonths.customerId, customers.id),
        eq(usageMonths.environment, environment),
        eq(usageMonths.month, month),
      ),
    )
    .where(eq(customers.id, customerId));
  if (!row) return undefined;
  const used = Number(row.used ?? 0);
  const limit = environment === 'live' ? Number(row.monthlyQuota) : null;
  return {
    month,
    used,
    limit,
    remaining: limit === null ? null : Math.max(0, limit - used),
    resetsAt: nextMonthStart(now),
  };
}
