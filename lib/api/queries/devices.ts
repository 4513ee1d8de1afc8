import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Environment } from '../../db/schema';
import { tablesFor } from '../../db/schema';
import type { AppliedActions } from '../../oem';

/** Device reads for the REST API, always scoped to one customer in one environment. */

function deviceColumns(environment: Environment) {
  const { devices, endUsers } = tablesFor(environment);
  return {
    id: devices.id,
    type: devices.type,
    oem: devices.oem,
    oemDeviceId: devices.oemDeviceId,
    name: devices.name,
    model: devices.model,
    status: devices.status,
    overage: devices.overage,
    connectedAt: devices.connectedAt,
    disconnectedAt: devices.disconnectedAt,
    appliedActions: devices.appliedActions,
    userId: endUsers.userId,
  };
}

export type DeviceRow = {
  id: string;
  type: string;
  oem: string;
  oemDeviceId: string;
  name: string;
  model: string;
  status: 'connected' | 'disconnected';
  overage: boolean;
  connectedAt: Date;
  disconnectedAt: Date | null;
  appliedActions: AppliedActions;
  userId: string;
};

/** One device of the customer in the environment (with its end user's id). */
export async function findDeviceForCustomer(
  db: Db,
  environment: Environment,
  customerId: string,
  deviceId: string,
): Promise<DeviceRow | undefined> {
  const { devices, endUsers } = tablesFor(environment);
  const [row] = await db
    .select(deviceColumns(environment))
    .from(devices)
    .innerJoin(endUsers, eq(endUsers.id, devices.endUserId))
    .where(and(eq(devices.id, deviceId), eq(devices.customerId, customerId)));
  return row;
}

export async function listDevicesForCustomer(
  db: Db,
  environment: Environment,
  customerId: string,
  filter: { userId?: string; limit: number; offset: number },
): Promise<DeviceRow[]> {
  const { devices, endUsers } = tablesFor(environment);
  return db
    .select(deviceColumns(environment))
    .from(devices)
    .innerJoin(endUsers, eq(endUsers.id, devices.endUserId))
    .where(
      and(
        eq(devices.customerId, customerId),
        filter.userId === undefined ? undefined : eq(endUsers.userId, filter.userId),
      ),
    )
    .orderBy(desc(devices.connectedAt), devices.id)
    .limit(filter.limit)
    .offset(filter.offset);
}
