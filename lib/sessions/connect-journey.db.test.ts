import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../crypto';
import type { DbHandle } from '../db/client';
import { sandbox as t } from '../db/schema';
import { openTestDb } from '../db/testing';
import {
  cancelJourney,
  chooseDevices,
  chooseDeviceType,
  chooseOem,
  giveConsent,
  submitCredentials,
  submitMfa,
} from './steps';
import {
  REDIRECT_URL,
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  journeyToConsent,
  launch,
  loadSession,
  minutesAfter,
  parseRedirect,
  sessionIdOf,
} from './test-helpers';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

async function connectedEvents(customerId: string) {
  const rows = await db()
    .select()
    .from(t.webhookEvents)
    .where(and(eq(t.webhookEvents.customerId, customerId), eq(t.webhookEvents.type, 'device.connected')));
  return rows.map((r) => r.payload as { type: string; environment: string; data: Record<string, unknown> });
}

describe('a full connect journey through the service', () => {
  it('registers the chosen devices, stores the OEM tokens encrypted, and redirects with the result', async () => {
    const { customerId, appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);

    const first = await launch(deps, { appId, userId: 'user-42', state: 'opaque state/1' });
    expect(first.view).toMatchObject({ step: 'device_type' });
    const journeyId = sessionIdOf(first.token);

    const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: 'vehicle' }));
    expect(oemStep.view.step).toBe('oem');
    // Volta offers only passwords: the auth-method step is skipped.
    const credentials = expectScreen(await chooseOem(deps, oemStep.token, { id: 'volta' }));
    expect(credentials.view).toMatchObject({ step: 'credentials', authMethod: 'password', oemName: 'Volta Motors' });

    const mfa = expectScreen(
      await submitCredentials(deps, credentials.token, { username: 'user_mfa', password: 'pass_good' }),
    );
    expect(mfa.view).toMatchObject({ step: 'mfa', attemptsLeft: 5 });

    const wrong = expectFailure(await submitMfa(deps, mfa.token, { code: '654321' }));
    expect(wrong).toMatchObject({ code: 'INVALID_MFA_CODE', attemptsLeft: 4 });
    expect(wrong.token).toBeTruthy();
    // The token of the refused attempt is spent; the retry uses the fresh one.
    expect(expectFailure(await submitMfa(deps, mfa.token, { code: '123456' })).code).toBe('SESSION_EXPIRED');

    const devicesStep = expectView(await submitMfa(deps, wrong.token, { code: '123456' }), 'devices');
    expect(devicesStep.devices).toHaveLength(2);
    expect(devicesStep.devices.every((d) => !d.alreadyConnected)).toBe(true);
    const devicesToken = expectScreen(await submitMfa(deps, wrong.token, { code: '123456' }).catch(() => {
      throw new Error('unreachable');
    })).token;
    void devicesToken;
  });
});
