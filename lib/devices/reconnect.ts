import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config';
import { encryptSecret, randomId } from '../crypto';
import type { Tx } from '../db/client';
import type { Environment } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { OemSession } from '../oem';
import { signReconnectToken } from '../tokens';
import { enqueueEvent } from '../webhooks';

/**
 * Reconnection: refreshes the credential record in place (devices keep their ids), marks its
 * devices connected and writes one `device.reconnected` outbox row per device, in the caller's
 * transaction. Returns the device ids.
 */
export async function reconnectDevices(
  tx: Tx,
  input: {
    environment: Environment;
    customerId: string;
    credentialId: string;
    journeyId: string;
    oemSession: OemSession;
    appSecret: string;
    now: Date;
  },
): Promise<string[]> {
  const t = tablesFor(input.environment);
  const secret = encryptSecret(
    JSON.stringify(input.oemSession),
    input.appSecret,
    input.credentialId,
  );
  const [credential] = await tx
    .update(t.credentials)
    .set({ secret, status: 'active', updatedAt: input.now })
    .where(
      and(eq(t.credentials.id, input.credentialId), eq(t.credentials.customerId, input.customerId)),
    )
    .returning({ id: t.credentials.id });
  if (!credential) throw new Error('Credential to reconnect not found');
  const devices = await tx
    .update(t.devices)
    .set({
      status: 'connected',
      disconnectedAt: null,
      connectedAt: input.now,
      updatedAt: input.now,
    })
    .where(eq(t.devices.credentialId, input.credentialId))
    .returning();
  // Only the users of these devices: a customer may have very many end users.
  const endUserIds = [...new Set(devices.map((d) => d.endUserId))];
  const users =
    endUserIds.length === 0
      ? []
      : await tx
          .select({ id: t.endUsers.id, userId: t.endUsers.userId })
          .from(t.endUsers)
          .where(
            and(eq(t.endUsers.customerId, input.customerId), inArray(t.endUsers.id, endUserIds)),
          );
  const userIdOf = new Map(users.map((u) => [u.id, u.userId]));
  for (const device of devices) {
    await enqueueEvent(tx, input.environment, {
      customerId: input.customerId,
      type: 'device.reconnected',
      now: input.now,
      data: {
        deviceId: device.id,
        deviceType: device.type,
        oem: device.oem,
        userId: userIdOf.get(device.endUserId) ?? '',
        appId: device.appId,
        journeyId: input.journeyId,
      },
    });
  }
  return devices.map((d) => d.id);
}

/** Builds a signed, single-use reconnection URL for a credential (valid 7 days). */
export async function createReconnectionUrl(
  tx: Tx,
  input: { environment: Environment; credentialId: string; now: Date },
  config: Pick<Config, 'appSecret' | 'publicBaseUrl'>,
): Promise<string> {
  const t = tablesFor(input.environment);
  const linkId = randomId('rcl');
  const { token, expiresAt } = await signReconnectToken(
    { jti: linkId, cred: input.credentialId, env: input.environment },
    config.appSecret,
    input.now,
  );
  await tx.insert(t.reconnectionLinks).values({
    id: linkId,
    credentialId: input.credentialId,
    createdAt: input.now,
    expiresAt,
  });
  return `${config.publicBaseUrl}/journey/reconnect?token=${encodeURIComponent(token)}`;
}
