import { createHash, randomBytes } from 'node:crypto';

import { constantTimeEqual, stableId } from '../crypto';
import {
  accountIdentifier,
  authError,
  OemRequestError,
  type ActionExecution,
  type AuthInput,
  type AuthResult,
  type DiscoveredDevice,
  type ExecuteActionInput,
  type MfaChannel,
  type MfaResendResult,
  type OemAdapter,
  type OemSession,
} from './adapter';
import type { OemInfo } from './catalogue';
import type { SandboxCommandLog } from './sandbox-commands';
import { sandboxDevicesFor } from './sandbox-devices';

/**
 * Sandbox OEM simulators, following the sandbox test-credential table (docs/actions.md and README).
 * Signing in is stateless: everything a later call needs travels in what the previous call
 * returned — the MFA challenge names the account, and a session's accountId identifies the
 * account's device list. Commands (`executeAction`) are remembered in a `SandboxCommandLog` under
 * their idempotency key, as a real OEM would, and complete after a deterministic 1–3 s.
 */

const GOOD_PASSWORD = 'pass_good';
const GOOD_MFA_CODE = '123456';

type PasswordAccount =
  | { outcome: 'success' | 'mfa'; deviceCount: number; flaky?: boolean }
  | { outcome: 'locked' | 'unavailable' };

// Maps, not object literals: a username such as "constructor" must not find a prototype member.
const PASSWORD_ACCOUNTS = new Map<string, PasswordAccount>([
  ['user_good', { outcome: 'success', deviceCount: 2 }],
  ['user_mfa', { outcome: 'mfa', deviceCount: 2 }],
  ['user_many', { outcome: 'success', deviceCount: 25 }],
  // Signs in like user_good; its devices fail every other action (the 2nd, 4th, …) with OEM_REJECTED.
  ['user_flaky', { outcome: 'success', deviceCount: 2, flaky: true }],
  ['user_no_devices', { outcome: 'success', deviceCount: 0 }],
  ['user_locked', { outcome: 'locked' }],
  ['user_oem_down', { outcome: 'unavailable' }],
]);

const API_KEY_ACCOUNTS = new Map<string, number>([['key_good', 2]]);

/** Prefix the sandbox disconnect endpoint gives an access token to mark the credentials expired. */
export const EXPIRED_TOKEN_PREFIX = 'expired_';

const MFA_CHALLENGE_PREFIX = 'sbx_mfa';

/** Where the sandbox sends `user_mfa`'s code: a phone ending 42 (docs/sandbox.md). */
export const SANDBOX_MFA_CHANNEL: MfaChannel = Object.freeze({ kind: 'sms', hint: '42' });

/** A sandbox command completes 1–3 s after the OEM first saw it: the same delay for the same key. */
export function sandboxCompletionDelayMs(idempotencyKey: string): number {
  const digest = createHash('sha256').update(`sandbox-action\0${idempotencyKey}`).digest();
  return 1000 + (digest.readUInt32BE(0) % 2001);
}

/** The OEM-side account id: stable per (OEM, account identifier), never the identifier itself. */
export function sandboxAccountId(oemId: string, identifier: string): string {
  return stableId('acct', 'sandbox', oemId, identifier);
}

function newSession(accountId: string): OemSession {
  return {
    accessToken: `sbx_at_${randomBytes(24).toString('base64url')}`,
    refreshToken: `sbx_rt_${randomBytes(24).toString('base64url')}`,
    accountId,
  };
}

function isWellFormed(session: OemSession): boolean {
  return (
    typeof session.accessToken === 'string' &&
    session.accessToken.length > 0 &&
    typeof session.accountId === 'string' &&
    session.accountId.length > 0
  );
}

export function createSandboxAdapter(oem: OemInfo, commands: SandboxCommandLog): OemAdapter {
  // accountId -> devices of every account that can log in here; lets listDevices and verifyMfa
  // recognise an account from its id alone.
  const deviceCounts = new Map<string, number>();
  const mfaAccounts = new Set<string>();
  const flakyAccounts = new Set<string>();
  for (const [username, account] of PASSWORD_ACCOUNTS) {
    if (account.outcome !== 'success' && account.outcome !== 'mfa') continue;
    const id = sandboxAccountId(oem.id, username);
    deviceCounts.set(id, account.deviceCount);
    if (account.outcome === 'mfa') mfaAccounts.add(id);
    if (account.flaky) flakyAccounts.add(id);
  }
  for (const [key, count] of API_KEY_ACCOUNTS)
    deviceCounts.set(sandboxAccountId(oem.id, key), count);

  function authenticateSync(input: AuthInput): AuthResult {
    // A method the OEM does not offer cannot succeed however often it is retried; the journey only
    // offers catalogue methods, so this is a caller error rather than a user's typo.
    if (!oem.authMethods.includes(input.method)) return authError('INVALID_CREDENTIALS', false);
    const identifier = accountIdentifier(input);
    const accountId = sandboxAccountId(oem.id, identifier);
    if (input.method === 'api_key') {
      return API_KEY_ACCOUNTS.has(identifier)
        ? { kind: 'success', session: newSession(accountId) }
        : authError('INVALID_CREDENTIALS', true);
    }
    const account = PASSWORD_ACCOUNTS.get(identifier);
    if (!account) return authError('INVALID_CREDENTIALS', true);
    // Locked and unavailable accounts answer the same whatever the password (README, sandbox table).
    if (account.outcome === 'locked') return authError('ACCOUNT_LOCKED', false);
    if (account.outcome === 'unavailable') return authError('OEM_UNAVAILABLE', true);
    if (!constantTimeEqual(input.password, GOOD_PASSWORD))
      return authError('INVALID_CREDENTIALS', true);
    if (account.outcome === 'mfa') {
      return {
        kind: 'mfa_required',
        challenge: newChallenge(accountId),
        accountId,
        channel: SANDBOX_MFA_CHANNEL,
      };
    }
    return { kind: 'success', session: newSession(accountId) };
  }

  function newChallenge(accountId: string): string {
    return `${MFA_CHALLENGE_PREFIX}.${accountId}.${randomBytes(16).toString('base64url')}`;
  }

  /** The account a challenge this OEM issued names; undefined for any other text. */
  function challengeAccount(challenge: string): string | undefined {
    const [prefix, accountId, nonce, ...rest] = challenge.split('.');
    if (
      prefix !== MFA_CHALLENGE_PREFIX ||
      !accountId ||
      !nonce ||
      rest.length > 0 ||
      !mfaAccounts.has(accountId)
    ) {
      return undefined;
    }
    return accountId;
  }

  function resendMfaSync(challenge: string): MfaResendResult {
    const accountId = challengeAccount(challenge);
    if (!accountId) return { kind: 'error', code: 'CREDENTIALS_EXPIRED', retryable: false };
    return { kind: 'sent', challenge: newChallenge(accountId), channel: SANDBOX_MFA_CHANNEL };
  }

  function verifyMfaSync(challenge: string, code: string): AuthResult {
    const accountId = challengeAccount(challenge);
    // A challenge this OEM never issued cannot be answered: the user must log in again.
    if (!accountId) return authError('CREDENTIALS_EXPIRED', false);
    if (!constantTimeEqual(code.trim(), GOOD_MFA_CODE)) return authError('INVALID_MFA_CODE', true);
    return { kind: 'success', session: newSession(accountId) };
  }

  function listDevicesSync(session: OemSession): DiscoveredDevice[] {
    if (!isWellFormed(session) || session.accessToken.startsWith(EXPIRED_TOKEN_PREFIX)) {
      throw new OemRequestError(
        'CREDENTIALS_EXPIRED',
        false,
        'The OEM no longer accepts this session',
      );
    }
    const count = deviceCounts.get(session.accountId);
    if (count === undefined) {
      throw new OemRequestError('CREDENTIALS_EXPIRED', false, 'The OEM does not know this account');
    }
    return sandboxDevicesFor(oem, session.accountId, count);
  }

  async function executeAction(input: ExecuteActionInput): Promise<ActionExecution> {
    const { session, oemDeviceId, idempotencyKey, now } = input;
    const devices = listDevicesSync(session);
    if (!devices.some((d) => d.oemDeviceId === oemDeviceId)) {
      return {
        status: 'failed',
        code: 'OEM_REJECTED',
        message: 'The OEM does not know this device',
      };
    }
    const { command } = await commands.submit({
      oem: oem.id,
      key: idempotencyKey,
      oemDeviceId,
      action: input.action,
      now,
    });
    const completesAt = command.firstSeenAt.getTime() + sandboxCompletionDelayMs(idempotencyKey);
    if (now.getTime() < completesAt)
      return { status: 'pending', checkAfter: new Date(completesAt) };
    if (flakyAccounts.has(session.accountId) && command.sequence % 2 === 0) {
      return {
        status: 'failed',
        code: 'OEM_REJECTED',
        message: 'The device refused the command (sandbox user_flaky fails every other action)',
      };
    }
    return { status: 'succeeded', completedAt: new Date(completesAt) };
  }

  const adapter: OemAdapter = {
    oem,
    authenticate: async (input: AuthInput) => authenticateSync(input),
    verifyMfa: async (challenge: string, code: string) => verifyMfaSync(challenge, code),
    resendMfa: async (challenge: string) => resendMfaSync(challenge),
    listDevices: async (session: OemSession) => listDevicesSync(session),
    checkSession: async (session: OemSession) =>
      isWellFormed(session) && !session.accessToken.startsWith(EXPIRED_TOKEN_PREFIX)
        ? 'valid'
        : 'expired',
    executeAction,
  };
  return Object.freeze(adapter);
}
