import { describe, expect, it } from 'vitest';

import {
  getOemAdapter,
  LiveOemUnavailableError,
  OEM_CATALOGUE,
  OemRequestError,
  type OemSession,
} from './index';

const session: OemSession = { accessToken: 'at', refreshToken: 'rt', accountId: 'acct_x' };

describe('getOemAdapter', () => {
  it('returns undefined for an unknown OEM in either environment', () => {
    expect(getOemAdapter('nope', 'sandbox')).toBeUndefined();
    expect(getOemAdapter('nope', 'live')).toBeUndefined();
    expect(getOemAdapter('constructor', 'sandbox')).toBeUndefined();
  });

  it.each(OEM_CATALOGUE.map((o) => o.id))('%s: sandbox adapter is the simulator', async (id) => {
    const adapter = getOemAdapter(id, 'sandbox');
    expect(adapter?.oem.id).toBe(id);
    expect(getOemAdapter(id, 'sandbox')).toBe(adapter);
    const input =
      adapter?.oem.authMethods[0] === 'api_key'
        ? ({ method: 'api_key', apiKey: 'key_good' } as const)
        : ({ method: 'password', username: 'user_good', password: 'pass_good' } as const);
    expect((await adapter?.authenticate(input))?.kind).toBe('success');
  });

  it.each(OEM_CATALOGUE.map((o) => o.id))(
    '%s: live adapter is not integrated and answers OEM_UNAVAILABLE (retryable)',
    async (id) => {
      const adapter = getOemAdapter(id, 'live');
      if (!adapter) throw new Error('expected an adapter');
      expect(adapter.oem.id).toBe(id);
      expect(adapter).not.toBe(getOemAdapter(id, 'sandbox'));
      const unavailable = { kind: 'error', code: 'OEM_UNAVAILABLE', retryable: true };
      // Even the sandbox's good test credentials must not work against live.
      expect(
        await adapter.authenticate({
          method: 'password',
          username: 'user_good',
          password: 'pass_good',
        }),
      ).toEqual(unavailable);
      expect(await adapter.authenticate({ method: 'api_key', apiKey: 'key_good' })).toEqual(
        unavailable,
      );
      expect(await adapter.verifyMfa('sbx_mfa.x.y', '123456')).toEqual(unavailable);
      await expect(adapter.listDevices(session)).rejects.toBeInstanceOf(LiveOemUnavailableError);
      // An outage must never read as expired credentials.
      const error: unknown = await adapter.checkSession(session).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiveOemUnavailableError);
      expect(error).toBeInstanceOf(OemRequestError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: 'OEM_UNAVAILABLE', retryable: true });
    },
  );
});
