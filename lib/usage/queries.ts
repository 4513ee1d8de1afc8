import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { apiKeys } from '../db/schema';
import type { Granularity } from './calendar';
import type { UsageCounts, UsagePoint } from './series';
import { addCounts, byText, emptyCounts, fillSeries, withErrorRate } from './series';

/**
 * Reading metered usage. Minute rows hold the last 7 days and hour rows the 90 before (retention.ts
 * moves one into the other), so every read takes both and sums them per bucket. All buckets are
 * UTC. Ranges are half-open, [from, to), and should be whole buckets (see checkRange).
 */

export interface UsageFilter {
  customerId: string;
  environment: Environment;
  from: Date;
  to: Date;
  /** Only this key's requests. */
  keyId?: string;
}

type GroupBy = 'none' | 'key' | 'route';

const GROUP_COLUMN: Record<GroupBy, string> = { none: "''", key: 'key_id', route: 'route' };

const countRowSchema = z.object({
  start: z.coerce.date().nullable(),
  grp: z.string(),
  requests: z.coerce.number(),
  client_errors: z.coerce.number(),
  server_errors: z.coerce.number(),
  rate_limited: z.coerce.number(),
  quota_refused: z.coerce.number(),
});

interface CountRow extends UsageCounts {
  start: Date | null;
  group: string;
}

function rangeOf(table: 'usage_minutes' | 'usage_hours', filter: UsageFilter): SQL {
  return sql`
    SELECT bucket, key_id, route, status_class, requests, rate_limited, quota_refused
    FROM ${sql.raw(table)}
    WHERE customer_id = ${filter.customerId}::text
      AND environment = ${filter.environment}::text
      AND bucket >= ${filter.from.toISOString()}::timestamptz
      AND bucket < ${filter.to.toISOString()}::timestamptz
      ${filter.keyId === undefined ? sql`` : sql`AND key_id = ${filter.keyId}::text`}`;
}

/**
 * Counts per bucket of `granularity` (or over the whole range when undefined) and per group, from
 * minute and hour rows together. Minute granularity reads minute rows only: hour rows have none.
 */
async function countRows(
  db: Db,
  filter: UsageFilter,
  granularity: Granularity | undefined,
  groupBy: GroupBy,
): Promise<CountRow[]> {
  const source =
    granularity === 'minute'
      ? rangeOf('usage_minutes', filter)
      : sql`${rangeOf('usage_minutes', filter)} UNION ALL ${rangeOf('usage_hours', filter)}`;
  const start =
    granularity === undefined
      ? sql`NULL::timestamptz`
      : sql`date_trunc(${granularity}::text, u.bucket, 'UTC')`;
  const group = sql.raw(GROUP_COLUMN[groupBy]);
  const result = (await db.execute(sql`
    SELECT ${start} AS start, ${group} AS grp,
      sum(requests)::float8 AS requests,
      coalesce(sum(requests) FILTER (WHERE status_class = 4), 0)::float8 AS client_errors,
      coalesce(sum(requests) FILTER (WHERE status_class = 5), 0)::float8 AS server_errors,
      sum(rate_limited)::float8 AS rate_limited,
      sum(quota_refused)::float8 AS quota_refused
    FROM (${source}) u
    GROUP BY 1, 2
    ORDER BY 1, 2`)) as unknown as { rows: unknown[] };
  return z
    .array(countRowSchema)
    .parse(result.rows)
    .map((r) => ({
      start: r.start,
      group: r.grp,
      requests: r.requests,
      clientErrors: r.client_errors,
      serverErrors: r.server_errors,
      rateLimited: r.rate_limited,
      quotaRefused: r.quota_refused,
    }));
}

/** Requests, errors and refusals per bucket over the range, one point per bucket (zeros included). */
export async function usageSeries(
  db: Db,
  filter: UsageFilter,
  granularity: Granularity,
): Promise<UsagePoint[]> {
  const rows = await countRows(db, filter, granularity, 'none');
  return fillSeries(
    rows.map((r) => ({ ...r, start: r.start ?? filter.from })),
    { from: filter.from, to: filter.to, granularity },
  );
}

export interface GroupSeries {
  /** The key id or the route template. */
  group: string;
  totals: UsageCounts & { errorRate: number };
  points: UsagePoint[];
}

/**
 * One series per key or per route that had requests in the range, busiest first: the usage page's
 * "over time per key" and "per route" charts.
 */
export async function usageSeriesBy(
  db: Db,
  filter: UsageFilter,
  granularity: Granularity,
  by: 'key' | 'route',
): Promise<GroupSeries[]> {
  const rows = await countRows(db, filter, granularity, by);
  const groups = new Map<string, CountRow[]>();
  for (const row of rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  return [...groups.entries()]
    .map(([group, groupRows]) => ({
      group,
      totals: withErrorRate(groupRows.reduce(addCounts, emptyCounts())),
      points: fillSeries(
        groupRows.map((r) => ({ ...r, start: r.start ?? filter.from })),
        { from: filter.from, to: filter.to, granularity },
      ),
    }))
    .sort((a, b) => b.totals.requests - a.totals.requests || byText(a.group, b.group));
}

/** Totals over the range: requests, errors, error rate, rate-limited and quota-refused requests. */
export async function usageTotals(
  db: Db,
  filter: UsageFilter,
): Promise<UsageCounts & { errorRate: number }> {
  const rows = await countRows(db, filter, undefined, 'none');
  return withErrorRate(rows.reduce(addCounts, emptyCounts()));
}

export interface RouteUsage extends UsageCounts {
  route: string;
  errorRate: number;
}

/** Totals per route template, busiest first (the usage page's table by route). */
export async function usageByRoute(db: Db, filter: UsageFilter): Promise<RouteUsage[]> {
  const rows = await countRows(db, filter, undefined, 'route');
  return rows
    .map(({ group, start: _start, ...counts }) => withErrorRate({ route: group, ...counts }))
    .sort((a, b) => b.requests - a.requests || byText(a.route, b.route));
}

export interface KeyUsage extends UsageCounts {
  keyId: string;
  /** The key's label and display prefix (never the key). */
  name: string | null;
  prefix: string;
  revoked: boolean;
  errorRate: number;
}

/** Totals per key, with each key's name and prefix, busiest first (the table by key). */
export async function usageByKey(db: Db, filter: UsageFilter): Promise<KeyUsage[]> {
  const rows = await countRows(db, filter, undefined, 'key');
  if (rows.length === 0) return [];
  const keys = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.customerId, filter.customerId),
        inArray(
          apiKeys.id,
          rows.map((r) => r.group),
        ),
      ),
    );
  const byId = new Map(keys.map((k) => [k.id, k]));
  return rows
    .map(({ group, start: _start, ...counts }) => {
      const key = byId.get(group);
      return withErrorRate({
        keyId: group,
        name: key?.name ?? null,
        prefix: key?.prefix ?? '',
        revoked: key?.revokedAt != null,
        ...counts,
      });
    })
    .sort((a, b) => b.requests - a.requests || byText(a.keyId, b.keyId));
}

/** Whether `keyId` is a key of this customer in this environment (revoked keys included). */
export async function isCustomerKey(
  db: Db,
  customerId: string,
  environment: Environment,
  keyId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.id, keyId),
        eq(apiKeys.customerId, customerId),
        eq(apiKeys.environment, environment),
      ),
    );
  return row !== undefined;
}

export interface KeyRate {
  keyId: string;
  name: string | null;
  prefix: string;
  /** The key's own requests/s; null = its plan's (or the sandbox) rate. */
  rateLimit: number | null;
}

/** The customer's unrevoked keys in one environment with their own rates, oldest first. */
export async function listKeyRates(
  db: Db,
  customerId: string,
  environment: Environment,
): Promise<KeyRate[]> {
  return db
    .select({
      keyId: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      rateLimit: apiKeys.rateLimit,
    })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.customerId, customerId),
        eq(apiKeys.environment, environment),
        isNull(apiKeys.revokedAt),
      ),
    )
    .orderBy(apiKeys.createdAt, apiKeys.id);
}
