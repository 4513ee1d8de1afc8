import { z } from 'zod';
import { decryptSecret } from '../../../crypto';
import { plannedDeviceIds, registerDevices } from '../../../devices/register';
import { reconnectDevices } from '../../../devices/reconnect';
import type { OemSession } from '../../../oem/adapter';
import { JourneyError } from '../../errors';
import { noInputSchema } from '../../schemas';
import { apply, defineStep } from '../step-descriptor';

const oemSessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accountId: z.string(),
  /** See afterAuthentication: kept with the tokens for a reconnection to name the account. */
  accountHint: z.string().optional(),
});

/**
 * Consent: the session completes (compare-and-swap on its version, so a double submit registers
 * nothing twice) in the same transaction that registers or reconnects the devices and writes the
 * webhook outbox rows.
 */
export const giveConsent = defineStep({
  name: 'giveConsent',
  input: noInputSchema,
  async handle(ctx) {
    const { state } = apply(ctx, { type: 'consent_given' });
    const { session: s, deps } = ctx;
    const { oem, accountRef } = s;
    if (!s.oemSession || !oem || !accountRef) throw new JourneyError('SESSION_EXPIRED');
    const oemSession: OemSession = oemSessionSchema.parse(
      JSON.parse(decryptSecret(s.oemSession, deps.config.appSecret, s.id)),
    );
    const selected = new Set(s.selectedDeviceIds ?? []);
    const devices = (s.discoveredDevices ?? []).filter((d) => selected.has(d.oemDeviceId));
    const connecting = s.mode !== 'reconnect';
    return {
      kind: 'completed',
      patch: { step: state.step, oemSession: null },
      ...(connecting
        ? {
            deviceIds: plannedDeviceIds({
              environment: ctx.env,
              customerId: s.customerId,
              userId: s.userId,
              oem,
              devices,
            }),
          }
        : {}),
      async register(tx) {
        if (!connecting) {
          return reconnectDevices(tx, {
            environment: ctx.env,
            customerId: s.customerId,
            credentialId: s.credentialId ?? '',
            journeyId: s.id,
            oemSession,
            appSecret: deps.config.appSecret,
            now: deps.now,
          });
        }
        const { deviceIds } = await registerDevices(tx, {
          environment: ctx.env,
          customer: ctx.app.customer,
          appId: s.appId,
          userId: s.userId,
          journeyId: s.id,
          oem,
          authMethod: s.authMethod ?? 'password',
          accountRef,
          oemSession,
          devices,
          appSecret: deps.config.appSecret,
          now: deps.now,
        });
        return deviceIds;
      },
    };
  },
});
