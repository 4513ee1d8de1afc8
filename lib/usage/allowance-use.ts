import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { customers, live } from '../db/schema';

export interface OemAllowanceUse {
  oem: string;
  /** The per-OEM cap; null = only the global cap applies. */
  cap: number | null;
  /** Live devices of this OEM within allowance. */
  devices: number;
  /** Live devices of this OEM registered beyond a cap (their state is withheld). */
  overage: number;
}

export interface AllowanceUse {
  /** Live devices across all OEMs; null = unlimited. */
  globalCap: number | null;
  devices: number;
  overage: number;
  /** Every OEM with a cap or with live devices, by OEM id. */
  oems: OemAllowanceUse[];
}

/**
 * A customer's live allowance use against its caps (sandbox has no allowances): devices within
 * allowance and devices beyond, in total and per OEM. Undefined for an unknown customer.
 */
export async function allowanceUse(db: Db, customerId: string): Promise<AllowanceUse | undefined> {
  const [customer] = await db
    .select({ globalCap: customers.globalCap, oemCaps: customers.oemCaps })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) return undefined;
  const rows = await db
    .select({
      oem: live.devices.oem,
      devices: sql<number>`(count(*) FILTER (WHERE NOT ${live.devices.overage}))::int`,
      overage: sql<number>`(count(*) FILTER (WHERE ${live.devices.overage}))::int`,
    })
    .from(live.devices)
    .where(eq(live.devices.customerId, customerId))
    .groupBy(live.devices.oem);
  const byOem = new Map(rows.map((r) => [r.oem, r]));
  const oemIds = [...new Set([...Object.keys(customer.oemCaps), ...byOem.keys()])].sort();
  const oems = oemIds.map((oem) => ({
    oem,
    cap: customer.oemCaps[oem] ?? null,
    devices: Number(byOem.get(oem)?.devices ?? 0),
    overage: Number(byOem.get(oem)?.overage ?? 0),
  }));
  return {
    globalCap: customer.globalCap,
    devices: oems.reduce((n, o) => n + o.devices, 0),
    overage: oems.reduce((n, o) => n + o.overage, 0),
    oems,
  };
}
