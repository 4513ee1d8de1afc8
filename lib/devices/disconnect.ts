import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config';
import { getConfig } from '../config';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import { enqueueEvent, notifyDispatcher } from '../webhooks';
import { createReconnectionUrl } from './reconnect';

/**
 * The OEM rejected stored credentials: every device of the credential becomes disconnected and one
 * `device.disconnected` webhook per device carries `reason` and an absolute `reconnectionUrl`.
 * Returns null when the device is not this customer's in this environment.
 */
export async function disconnectCredentialForDevice(
  db: Db,
  environment: Environment,
  customerId: string,
  deviceId: string,
  options: { reason: string; now: Date; config?: Pick<Config, 'appSecret' | 'publicBaseUrl'> },
): Promise<{ deviceIds: string[]; credentialId: string } | null> {
  const config = options.config ?? getConfig();
  const t = tablesFor(environment);
  const result = await db.transaction(async (tx) => {
    const [device] = await tx
      .select({ credentialId: t.devices.credentialId })
      .from(t.devices)
      .where(and(eq(t.devices.id, deviceId), eq(t.devices.customerId, customerId)));
    if (!device) return null;
    await tx
      .update(t.credentials)
      .set({ status: 'expired', updatedAt: options.now })
      .where(eq(t.credentials.id, device.credentialId));
    const devices = await tx
      .update(t.devices)
      .set({ status: 'disconnected', disconnectedAt: options.now, updatedAt: options.now })
      .where(
        and(eq(t.devices.credentialId, device.credentialId), eq(t.devices.status, 'connected')),
      )
      .returning();
    if (devices.length > 0) {
      const reconnectionUrl = await createReconnectionUrl(
        tx,
        { environment, credentialId: device.credentialId, now: options.now },
        config,
      );
      const users = await tx
        .select({ id: t.endUsers.id, userId: t.endUsers.userId })
        .from(t.endUsers)
        // Only the users of these devices: a customer may have very many end users.
        .where(
          and(
            eq(t.endUsers.customerId, customerId),
            inArray(t.endUsers.id, [...new Set(devices.map((d) => d.endUserId))]),
          ),
        );
      const userIdOf = new Map(users.map((u) => [u.id, u.userId]));
      for (const d of devices) {
        await enqueueEvent(tx, environment, {
          customerId,
          type: 'device.disconnected',
          now: options.now,
          data: {
            deviceId: d.id,
            deviceType: d.type,
            oem: d.oem,
            userId: userIdOf.get(d.endUserId) ?? '',
            appId: d.appId,
            reason: options.reason,
            reconnectionUrl,
          },
        });
      }
    }
    return { deviceIds: devices.map((d) => d.id), credentialId: device.credentialId };
  });
  if (result && result.deviceIds.length > 0) notifyDispatcher();
  return result;
}
