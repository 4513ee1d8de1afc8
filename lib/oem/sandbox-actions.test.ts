import { describe, expect, it } from 'vitest';
import type { AuthResult, OemSession } from './adapter';
import { OemRequestError } from './adapter';
import { findOem } from './catalogue';
import { createSandboxAdapter, EXPIRED_TOKEN_PREFIX, sandboxCompletionDelayMs } from './sandbox';
import { createMemoryCommandLog } from './sandbox-commands';

const volta = findOem('volta')!;
const T0 = new Date('2026-05-04T18:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function sessionOf(result: AuthResult): OemSession {
  if (result.kind !== 'success') throw new Error('sign-in failed');
  return result.session;
}

async function signedIn(username: string) {
  const log = createMemoryCommandLog();
  const adapter = createSandboxAdapter(volta, log);
  const session = sessionOf(
    await adapter.authenticate({ method: 'password', username, password: 'pass_good' }),
  );
  const [device] = await adapter.listDevices(session);
  return { adapter, log, session, oemDeviceId: device!.oemDeviceId };
}

const stop = { type: 'stop_charging', params: {} };

describe('sandbox executeAction', () => {
  it('completes after a deterministic 1–3 s, the same for the same key', async () => {
    for (const key of ['act_a', 'act_b', 'act_c', 'act_d']) {
      const delay = sandboxCompletionDelayMs(key);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(3000);
      expect(sandboxCompletionDelayMs(key)).toBe(delay);
    }
    const { adapter, session, oemDeviceId } = await signedIn('user_good');
    const delay = sandboxCompletionDelayMs('act_1');
    const input = { session, oemDeviceId, action: stop, idempotencyKey: 'act_1' };
    expect(await adapter.executeAction({ ...input, now: T0 })).toEqual({
      status: 'pending',
      checkAfter: at(delay),
    });
    expect(await adapter.executeAction({ ...input, now: at(delay - 1) })).toEqual({
      status: 'pending',
      checkAfter: at(delay),
    });
    expect(await adapter.executeAction({ ...input, now: at(delay) })).toEqual({
      status: 'succeeded',
      completedAt: at(delay),
    });
  });

  it('counts a repeated key as a repeat, never as a new command', async () => {
    const { adapter, log, session, oemDeviceId } = await signedIn('user_good');
    const input = { session, oemDeviceId, action: stop, idempotencyKey: 'act_same' };
    await adapter.executeAction({ ...input, now: T0 });
    await adapter.executeAction({ ...input, now: at(5000) });
    const again = await log.submit({
      oem: 'volta',
      key: 'act_same',
      oemDeviceId,
      action: stop,
      now: at(9000),
    });
    expect(again.isNew).toBe(false);
    expect(again.command).toMatchObject({ sequence: 1, calls: 3, firstSeenAt: T0 });
  });

  it('user_flaky signs in like user_good and fails every other action with OEM_REJECTED', async () => {
    const { adapter, session, oemDeviceId } = await signedIn('user_flaky');
    const outcomes: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const input = { session, oemDeviceId, action: stop, idempotencyKey: `act_f${i}` };
      await adapter.executeAction({ ...input, now: T0 });
      const done = await adapter.executeAction({ ...input, now: at(3000) });
      outcomes.push(done.status === 'failed' ? done.code : done.status);
    }
    expect(outcomes).toEqual(['succeeded', 'OEM_REJECTED', 'succeeded', 'OEM_REJECTED']);
    // Asked again, a command keeps its outcome.
    const second = { session, oemDeviceId, action: stop, idempotencyKey: 'act_f2', now: at(9000) };
    expect(await adapter.executeAction(second)).toMatchObject({ status: 'failed' });
  });

  it('refuses unknown devices and expired sessions', async () => {
    const { adapter, session } = await signedIn('user_good');
    expect(
      await adapter.executeAction({
        session,
        oemDeviceId: 'VM-00000000',
        action: stop,
        idempotencyKey: 'act_x',
        now: T0,
      }),
    ).toMatchObject({ status: 'failed', code: 'OEM_REJECTED' });
    const expired = { ...session, accessToken: `${EXPIRED_TOKEN_PREFIX}${session.accessToken}` };
    await expect(
      adapter.executeAction({
        session: expired,
        oemDeviceId: 'VM-00000000',
        action: stop,
        idempotencyKey: 'act_y',
        now: T0,
      }),
    ).rejects.toEqual(expect.any(OemRequestError));
  });
});
