import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Customer } from '../db/schema';
import { live } from '../db/schema';

/**
 * Re-applies the customer's current caps to live devices flagged overage: in the order they were
 * registered, each one that now fits under the global cap and its OEM's cap is admitted. Devices
 * already within allowance keep it when a cap is lowered (a working integration is never cut off, and
 * no device is ever deleted); only devices registered after that are flagged. Returns how many
 * devices were admitted.
 */
export async function recomputeAllowances(
  tx: Tx,
  customer: Pick<Customer, 'id' | 'globalCap' | 'oemCaps'>,
): Promise<number> {
  const t = live;
  const rows = await tx
    .select({ id: t.devices.id, oem: t.devices.oem, overage: t.devices.overage })
    .from(t.devices)
    .where(eq(t.devices.customerId, customer.id))
    .orderBy(asc(t.devices.createdAt), asc(t.devices.id));
  const flags = admitOverage(rows, customer);
  let admitted = 0;
  for (const [index, row] of rows.entries()) {
    if (!row.overage || flags[index]) continue;
    await tx
      .update(t.devices)
      .set({ overage: false })
      .where(and(eq(t.devices.id, row.id), eq(t.devices.customerId, customer.id)));
    admitted++;
  }
  return admitted;
}

/**
 * Pure: admits devices one at a time against the caps, counting from the devices already within
 * allowance. The returned function answers, for a device of `oem`, whether it is beyond a cap
 * (and counts it when it is not).
 */
export function admissionCounter(
  caps: Pick<Customer, 'globalCap' | 'oemCaps'>,
  admitted: Iterable<{ oem: string; n: number }>,
): (oem: string) => boolean {
  let total = 0;
  const perOem = new Map<string, number>();
  for (const { oem, n } of admitted) {
    total += n;
    perOem.set(oem, (perOem.get(oem) ?? 0) + n);
  }
  return (oem) => {
    const forOem = perOem.get(oem) ?? 0;
    const oemCap = caps.oemCaps[oem];
    const over =
      (caps.globalCap != null && total >= caps.globalCap) ||
      (oemCap !== undefined && forOem >= oemCap);
    if (!over) {
      total++;
      perOem.set(oem, forOem + 1);
    }
    return over;
  };
}

/**
 * Pure: the overage flag of each device (in registration order) after admitting flagged devices
 * that fit under the caps. Devices not flagged stay admitted and count against the caps.
 */
export function admitOverage(
  devices: readonly { oem: string; overage: boolean }[],
  caps: Pick<Customer, 'globalCap' | 'oemCaps'>,
): boolean[] {
  const isOver = admissionCounter(
    caps,
    devices.filter((d) => !d.overage).map(({ oem }) => ({ oem, n: 1 })),
  );
  return devices.map(({ oem, overage }) => overage && isOver(oem));
}
