import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sandbox } from '../db/schema';
import { DEMO_CUSTOMER_ID } from '../seed';

export interface DemoDevice {
  id: string;
  name: string;
  oem: string;
  type: string;
  status: string;
}

/** The demo customer's sandbox devices of one user, for the demo page. */
export async function listDemoDevices(db: Db, userId: string): Promise<DemoDevice[]> {
  const t = sandbox;
  return db
    .select({
      id: t.devices.id,
      name: t.devices.name,
      oem: t.devices.oem,
      type: t.devices.type,
      status: t.devices.status,
    })
    .from(t.devices)
    .innerJoin(t.endUsers, eq(t.endUsers.id, t.devices.endUserId))
    .where(and(eq(t.devices.customerId, DEMO_CUSTOMER_ID), eq(t.endUsers.userId, userId)))
    .orderBy(asc(t.devices.name));
}
