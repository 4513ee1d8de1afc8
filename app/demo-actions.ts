'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { disconnectCredentialForDevice } from '@/lib/devices/disconnect';
import { DEMO_CUSTOMER_ID } from '@/lib/seed';
import { checkActionOrigin } from '@/lib/security/origin';

/** Demo only: expire a sandbox device's credentials, as an OEM would, to try reconnection. */
export async function disconnectDemoDevice(formData: FormData): Promise<void> {
  const config = getConfig();
  if (!config.demo) return;
  const h = await headers();
  if (!checkActionOrigin(h.get('origin'), h.get('host'))) return;
  const deviceId = formData.get('deviceId');
  if (typeof deviceId !== 'string' || deviceId.length > 64) return;
  await disconnectCredentialForDevice(await getDb(), 'sandbox', DEMO_CUSTOMER_ID, deviceId, {
    reason: 'credentials_expired',
    now: new Date(),
    config,
  });
  revalidatePath('/');
}
