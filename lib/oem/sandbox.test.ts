import { describe, expect, it } from 'vitest';

import { accountIdentifier, type AuthInput, type AuthResult, type OemSession } from './adapter';
import { OEM_CATALOGUE, type OemInfo } from './catalogue';
import { createSandboxAdapter, EXPIRED_TOKEN_PREFIX } from './sandbox';
import { createMemoryCommandLog } from './sandbox-commands';

const password = (username: string, pw = 'pass_good'): AuthInput => ({
  method: 'password',
  username,
  password: pw,
});
const apiKey = (key: string): AuthInput => ({ method: 'api_key', apiKey: key });

function sessionOf(result: AuthResult): OemSession {
  if (result.kind !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.session;
}

async function devicesFor(oem: OemInfo, input: AuthInput) {
  const adapter = createSandboxAdapter(oem, createMemoryCommandLog());
  return adapter.listDevices(sessionOf(await adapter.authenticate(input)));
}

const passwordOems = OEM_CATALOGUE.filter((o) => o.authMethods.includes('password'));
const apiKeyOems = OEM_CATALOGUE.filter((o) => o.authMethods.includes('api_key'));

describe.each(passwordOems.map((o) => [o.id, o] as const))(
  '%s, username and password',
  (_id, oem) => {
    const adapter = createSandboxAdapter(oem, createMemoryCommandLog());

    it('user_good: success with 2 devices of the OEM type', async () => {
      const devices = await devicesFor(oem, password('user_good'));
      expect(devices).toHaveLength(2);
      for (const d of devices) expect(d.type).toBe(oem.deviceType);
    });

    it('user_many: 25 devices with distinct ids and names', async () => {
      const devices = await devicesFor(oem, password('user_many'));
      expect(devices).toHaveLength(25);
      expect(new Set(devices.map((d) => d.oemDeviceId)).size).toBe(25);
      expect(new Set(devices.map((d) => d.name)).size).toBe(25);
    });

    it('user_no_devices: success, but no devices', async () => {
      expect(await devicesFor(oem, password('user_no_devices'))).toEqual([]);
    });

    it('user_mfa: MFA required; 123456 passes and yields 2 devices', async () => {
      const result = await adapter.authenticate(password('user_mfa'));
      if (result.kind !== 'mfa_required') throw new Error(`expected MFA, got ${result.kind}`);
      expect(result.accountId).toMatch(/^acct_/);
      expect(result.challenge).not.toContain('user_mfa');
      const verified = await adapter.verifyMfa(result.challenge, '123456');
      const session = sessionOf(verified);
      expect(session.accountId).toBe(result.accountId);
      expect(await adapter.listDevices(session)).toHaveLength(2);
    });

    it('user_mfa: any other code is INVALID_MFA_CODE (retryable), and the challenge stays usable', async () => {
      const result = await adapter.authenticate(password('user_mfa'));
      if (result.kind !== 'mfa_required') throw new Error('expected MFA');
      for (const code of ['000000', '12345', '1234567', '', '123 456', 'abcdef']) {
        expect(await adapter.verifyMfa(result.challenge, code)).toEqual({
          kind: 'error',
          code: 'INVALID_MFA_CODE',
          retryable: true,
        });
      }
      expect((await adapter.verifyMfa(result.challenge, '123456')).kind).toBe('success');
    });

    it('user_mfa with a wrong password never reaches MFA', async () => {
      expect(await adapter.authenticate(password('user_mfa', 'nope'))).toEqual({
        kind: 'error',
        code: 'INVALID_CREDENTIALS',
        retryable: true,
      });
    });

    it.each(['pass_good', 'wrong', ''])(
      'user_locked with password %j: ACCOUNT_LOCKED, not retryable',
      async (pw) => {
        expect(await adapter.authenticate(password('user_locked', pw))).toEqual({
          kind: 'error',
          code: 'ACCOUNT_LOCKED',
          retryable: false,
        });
      },
    );

    it.each(['pass_good', 'wrong', ''])(
      'user_oem_down with password %j: OEM_UNAVAILABLE, retryable',
      async (pw) => {
        expect(await adapter.authenticate(password('user_oem_down', pw))).toEqual({
          kind: 'error',
          code: 'OEM_UNAVAILABLE',
          retryable: true,
        });
      },
    );

    it.each([
      ['user_good', 'pass_bad'],
      ['user_good', 'PASS_GOOD'],
      ['user_good', ''],
      ['user_many', 'wrong'],
      ['user_no_devices', 'pass_goo'],
      ['someone_else', 'pass_good'],
      ['key_good', 'pass_good'],
      ['constructor', 'pass_good'],
      ['', 'pass_good'],
    ])('%j / %j: INVALID_CREDENTIALS, retryable', async (username, pw) => {
      expect(await adapter.authenticate(password(username, pw))).toEqual({
        kind: 'error',
        code: 'INVALID_CREDENTIALS',
        retryable: true,
      });
    });

    it('usernames are case-insensitive and trimmed, like the account identifier', async () => {
      const a = await devicesFor(oem, password('user_good'));
      const b = await devicesFor(oem, password('  User_Good '));
      expect(b).toEqual(a);
    });
  },
);

describe.each(apiKeyOems.map((o) => [o.id, o] as const))('%s, API key', (_id, oem) => {
  const adapter = createSandboxAdapter(oem, createMemoryCommandLog());

  it('key_good: success with 2 devices of the OEM type', async () => {
    const devices = await devicesFor(oem, apiKey('key_good'));
    expect(devices).toHaveLength(2);
    for (const d of devices) expect(d.type).toBe(oem.deviceType);
  });

  it.each(['key_bad', 'KEY_GOOD', 'user_good', 'pass_good', '', 'constructor'])(
    'key %j: INVALID_CREDENTIALS, retryable',
    async (key) => {
      expect(await adapter.authenticate(apiKey(key))).toEqual({
        kind: 'error',
        code: 'INVALID_CREDENTIALS',
        retryable: true,
      });
    },
  );

  it('the API-key account is not the password account', async () => {
    const byKey = await devicesFor(oem, apiKey('key_good'));
    if (!oem.authMethods.includes('password')) return;
    const byPassword = await devicesFor(oem, password('user_good'));
    expect(byKey.map((d) => d.oemDeviceId)).not.toEqual(byPassword.map((d) => d.oemDeviceId));
  });
});

describe('auth methods the OEM does not offer', () => {
  it.each(OEM_CATALOGUE.map((o) => [o.id, o] as const))('%s', async (_id, oem) => {
    const adapter = createSandboxAdapter(oem, createMemoryCommandLog());
    const unsupported = oem.authMethods.includes('password')
      ? oem.authMethods.includes('api_key')
        ? []
        : [apiKey('key_good')]
      : [password('user_good')];
    for (const input of unsupported) {
      expect(await adapter.authenticate(input)).toEqual({
        kind: 'error',
        code: 'INVALID_CREDENTIALS',
        retryable: false,
      });
    }
  });
});

describe('determinism of discovered devices', () => {
  const volta = OEM_CATALOGUE.find((o) => o.id === 'volta') as OemInfo;
  const nimbus = OEM_CATALOGUE.find((o) => o.id === 'nimbus') as OemInfo;

  it('same user and OEM: same ids, names and models across logins and adapters', async () => {
    const first = await devicesFor(volta, password('user_good'));
    const second = await devicesFor(volta, password('user_good'));
    expect(second).toEqual(first);
    const many1 = await devicesFor(volta, password('user_many'));
    const many2 = await devicesFor(volta, password('user_many'));
    expect(many2).toEqual(many1);
  });

  it('same user through MFA and a fresh session: same devices', async () => {
    const adapter = createSandboxAdapter(volta, createMemoryCommandLog());
    const lists = [];
    for (let i = 0; i < 2; i++) {
      const r = await adapter.authenticate(password('user_mfa'));
      if (r.kind !== 'mfa_required') throw new Error('expected MFA');
      lists.push(
        await adapter.listDevices(sessionOf(await adapter.verifyMfa(r.challenge, '123456'))),
      );
    }
    expect(lists[1]).toEqual(lists[0]);
  });

  it('different users, and different OEMs, get different ids', async () => {
    const ids = new Set<string>();
    let total = 0;
    for (const oem of OEM_CATALOGUE) {
      const inputs = oem.authMethods.includes('password')
        ? [password('user_good'), password('user_many')]
        : [];
      if (oem.authMethods.includes('api_key')) inputs.push(apiKey('key_good'));
      for (const input of inputs) {
        for (const d of await devicesFor(oem, input)) {
          ids.add(d.oemDeviceId);
          total++;
        }
      }
    }
    expect(ids.size).toBe(total);
  });

  it('ids look like PREFIX-8HEX and names end with 4 of those hex digits', async () => {
    const devices = await devicesFor(volta, password('user_many'));
    for (const d of devices) {
      expect(d.oemDeviceId).toMatch(/^VM-[0-9A-F]{8}$/);
      expect(d.name).toMatch(/^Volta \w+ · [0-9A-F]{4}$/);
      expect(d.name.endsWith(d.oemDeviceId.slice(3, 7))).toBe(true);
      expect(d.model.length).toBeGreaterThan(0);
    }
    const hvac = await devicesFor(nimbus, password('user_good'));
    expect(hvac.every((d) => d.oemDeviceId.startsWith('NC-') && d.name.startsWith('Nimbus '))).toBe(
      true,
    );
  });

  it('MFA and plain accounts differ', async () => {
    const adapter = createSandboxAdapter(volta, createMemoryCommandLog());
    const r = await adapter.authenticate(password('user_mfa'));
    if (r.kind !== 'mfa_required') throw new Error('expected MFA');
    const mfa = await adapter.listDevices(
      sessionOf(await adapter.verifyMfa(r.challenge, '123456')),
    );
    const good = await devicesFor(volta, password('user_good'));
    expect(mfa.map((d) => d.oemDeviceId)).not.toEqual(good.map((d) => d.oemDeviceId));
  });
});

describe('sessions', () => {
  const stellar = OEM_CATALOGUE.find((o) => o.id === 'stellar') as OemInfo;
  const adapter = createSandboxAdapter(stellar, createMemoryCommandLog());

  it('issues random tokens, JSON-serialisable, and a stable account id', async () => {
    const a = sessionOf(await adapter.authenticate(password('user_good')));
    const b = sessionOf(await adapter.authenticate(password('user_good')));
    expect(a.accessToken).not.toBe(b.accessToken);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    expect(a.accountId).toBe(b.accountId);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    for (const value of Object.values(a)) expect(value).not.toContain('user_good');
    expect(await adapter.listDevices(JSON.parse(JSON.stringify(a)) as OemSession)).toHaveLength(2);
  });

  it("checkSession: 'valid' for live sessions, 'expired' once marked or malformed", async () => {
    const session = sessionOf(await adapter.authenticate(password('user_good')));
    expect(await adapter.checkSession(session)).toBe('valid');
    const expired = { ...session, accessToken: `${EXPIRED_TOKEN_PREFIX}${session.accessToken}` };
    expect(await adapter.checkSession(expired)).toBe('expired');
    expect(await adapter.checkSession({ ...session, accessToken: '' })).toBe('expired');
    expect(await adapter.checkSession({ ...session, accountId: '' })).toBe('expired');
  });

  it('listDevices rejects an expired session or an account the OEM does not know', async () => {
    const session = sessionOf(await adapter.authenticate(password('user_good')));
    await expect(
      adapter.listDevices({ ...session, accessToken: `expired_${session.accessToken}` }),
    ).rejects.toMatchObject({ code: 'CREDENTIALS_EXPIRED', retryable: false });
    await expect(
      adapter.listDevices({ ...session, accountId: 'acct_unknown' }),
    ).rejects.toMatchObject({
      code: 'CREDENTIALS_EXPIRED',
    });
    // A session of the same user at another OEM is not this OEM's account.
    const volta = createSandboxAdapter(OEM_CATALOGUE[0] as OemInfo, createMemoryCommandLog());
    const other = sessionOf(await volta.authenticate(password('user_good')));
    await expect(adapter.listDevices(other)).rejects.toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
  });

  it('verifyMfa refuses challenges it did not issue (log in again)', async () => {
    const r = await adapter.authenticate(password('user_mfa'));
    if (r.kind !== 'mfa_required') throw new Error('expected MFA');
    const good = sessionOf(await adapter.authenticate(password('user_good')));
    const foreign = await createSandboxAdapter(
      OEM_CATALOGUE[0] as OemInfo,
      createMemoryCommandLog(),
    ).authenticate(password('user_mfa'));
    if (foreign.kind !== 'mfa_required') throw new Error('expected MFA');
    const forged = [
      '',
      'garbage',
      r.challenge.replace(r.accountId, good.accountId),
      `${r.challenge}.extra`,
      foreign.challenge,
    ];
    for (const challenge of forged) {
      expect(await adapter.verifyMfa(challenge, '123456')).toEqual({
        kind: 'error',
        code: 'CREDENTIALS_EXPIRED',
        retryable: false,
      });
    }
  });
});

describe('accountIdentifier', () => {
  it('is the trimmed, lower-cased username, or the trimmed API key', () => {
    expect(accountIdentifier(password(' User@Example.com '))).toBe('user@example.com');
    expect(accountIdentifier(apiKey(' Key_ABC '))).toBe('Key_ABC');
  });
});
