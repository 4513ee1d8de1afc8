import type { DiscoveredDevice } from '../vocabulary';
import type { OemInfo } from './catalogue';

export type { DiscoveredDevice } from '../vocabulary';

/**
 * The contract every OEM integration implements. The journey talks only to this interface, so the
 * sandbox simulators and (later) live integrations are interchangeable.
 */

export type OemErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'OEM_UNAVAILABLE'
  | 'INVALID_MFA_CODE'
  | 'CREDENTIALS_EXPIRED';

export type AuthInput =
  | { method: 'password'; username: string; password: string }
  | { method: 'api_key'; apiKey: string };

/** What the OEM gives us after login: secret, stored encrypted server-side by the caller (JSON-serialisable). */
export interface OemSession {
  accessToken: string;
  refreshToken: string;
  accountId: string;
}

/**
 * Where the OEM sent an MFA code, masked by the OEM itself: the last digits of a phone number or a
 * shortened e-mail address, never the whole of either.
 */
export interface MfaChannel {
  kind: 'sms' | 'email';
  /** `42` for a phone ending 42; `j•••@example.com` for an e-mail address. */
  hint: string;
}

export type AuthResult =
  | { kind: 'success'; session: OemSession }
  /** `challenge` is opaque and secret-ish: the caller stores it encrypted until the code arrives. */
  | { kind: 'mfa_required'; challenge: string; accountId: string; channel?: MfaChannel }
  | { kind: 'error'; code: OemErrorCode; retryable: boolean };

/** A new MFA code sent on the same channel, with the challenge that now answers it. */
export type MfaResendResult =
  | { kind: 'sent'; challenge: string; channel?: MfaChannel }
  | { kind: 'error'; code: OemErrorCode; retryable: boolean };

/** A command for a device, already validated against its capabilities. */
export interface DeviceAction {
  type: string;
  params: Record<string, unknown>;
}

export interface ExecuteActionInput {
  session: OemSession;
  oemDeviceId: string;
  action: DeviceAction;
  /**
   * The OEM's idempotency key (our action id): a repeated call with the same key never makes the
   * device carry the command out twice; it answers the state of the command the OEM already has.
   */
  idempotencyKey: string;
  now: Date;
}

/** Why the OEM refused or failed a command. */
export type ActionFailureCode = 'OEM_REJECTED';

export type ActionExecution =
  | { status: 'succeeded'; completedAt: Date }
  | { status: 'failed'; code: ActionFailureCode; message: string }
  /** Accepted, not carried out yet: ask again (same key) at `checkAfter`. */
  | { status: 'pending'; checkAfter: Date };

export interface OemAdapter {
  readonly oem: OemInfo;
  authenticate(input: AuthInput): Promise<AuthResult>;
  /** A wrong code answers `{ kind: 'error', code: 'INVALID_MFA_CODE', retryable: true }`. */
  verifyMfa(challenge: string, code: string): Promise<AuthResult>;
  /** Sends a new code for a pending challenge (the person asked for it again). */
  resendMfa(challenge: string): Promise<MfaResendResult>;
  /**
   * Devices of the account. [] means the account has no devices (the caller maps it to NO_DEVICES).
   * Rejects with an `OemRequestError` when the session is no longer accepted or the OEM is down.
   */
  listDevices(session: OemSession): Promise<DiscoveredDevice[]>;
  /**
   * Re-checks stored credentials as a periodic check would: 'valid' or 'expired'. Rejects with an
   * `OemRequestError` (OEM_UNAVAILABLE) when the OEM cannot answer, so an outage is never taken
   * for expired credentials.
   */
  checkSession(session: OemSession): Promise<'valid' | 'expired'>;
  /**
   * Sends a command to a device, or asks after one sent before with the same `idempotencyKey`.
   * Rejects with an `OemRequestError`: CREDENTIALS_EXPIRED when the session is no longer accepted,
   * OEM_UNAVAILABLE (retryable) when the OEM cannot answer.
   */
  executeAction(input: ExecuteActionInput): Promise<ActionExecution>;
}

/** A failed OEM call outside authentication (listing devices, checking a session). */
export class OemRequestError extends Error {
  override name = 'OemRequestError';
  constructor(
    readonly code: OemErrorCode,
    readonly retryable: boolean,
    message: string = code,
  ) {
    super(message);
  }
}

export function authError(code: OemErrorCode, retryable: boolean): AuthResult {
  return { kind: 'error', code, retryable };
}

/**
 * Stable OEM account identifier from the input (username, or the API key itself) — the caller HMACs
 * it; never stored raw. Usernames are trimmed and lower-cased because OEM logins are e-mail-like and
 * case-insensitive: "User_Good" and "user_good" are one account for brute-force counting. API keys
 * are only trimmed (they are case-sensitive).
 */
export function accountIdentifier(input: AuthInput): string {
  return input.method === 'password' ? input.username.trim().toLowerCase() : input.apiKey.trim();
}
