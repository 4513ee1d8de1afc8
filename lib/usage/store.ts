import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { usageMinutes, usageMonths } from '../db/schema';
import type { MinuteCount } from './meter';

/** What the metering flush writes, and what the quota counters read back. */

export interface MonthCount {
  customerId: string;
  environment: Environment;
  /** Start of the UTC month. */
  month: Date;
  /** Requests counted against the monthly quota. */
  used: number;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters. */
const CHUNK = 500;

/**
 * Adds a flush's counts to the minute rows and the month totals, in one transaction: either all of
 * it is counted or none (the caller keeps the counts for the next flush).
 */
export async function writeUsage(
  db: Db,
  minutes: readonly MinuteCount[],
  months: readonly MonthCount[],
): Promise<void> {
  if (minutes.length === 0 && months.length === 0) return;
  await db.transaction(async (tx) => {
    for (let i = 0; i < minutes.length; i += CHUNK) {
      await tx
        .insert(usageMinutes)
        .values(minutes.slice(i, i + CHUNK))
        .onConflictDoUpdate({
          target: [
            usageMinutes.bucket,
            usageMinutes.keyId,
            usageMinutes.route,
            usageMinutes.statusClass,
          ],
          set: {
            requests: sql`${usageMinutes.requests} + excluded.requests`,
            rateLimited: sql`${usageMinutes.rateLimited} + excluded.rate_limited`,
            quotaRefused: sql`${usageMinutes.quotaRefused} + excluded.quota_refused`,
          },
        });
    }
    for (let i = 0; i < months.length; i += CHUNK) {
      await tx
        .insert(usageMonths)
        .values(months.slice(i, i + CHUNK))
        .onConflictDoUpdate({
          target: [usageMonths.customerId, usageMonths.environment, usageMonths.month],
          set: { used: sql`${usageMonths.used} + excluded.used` },
        });
    }
  });
}

/** The stored month totals of these customers in one environment and month (absent = 0). */
export async function readMonthTotals(
  db: Db,
  environment: Environment,
  month: Date,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .select({ customerId: usageMonths.customerId, used: usageMonths.used })
    .from(usageMonths)
    .where(
      and(
        eq(usageMonths.environment, environment),
        eq(usageMonths.month, month),
        inArray(usageMonths.customerId, [...customerIds]),
      ),
    );
  return new Map(rows.map((r) => [r.customerId, Number(r.used)]));
}
