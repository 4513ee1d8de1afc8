import { authError, OemRequestError, type OemAdapter } from './adapter';
import type { OemInfo } from './catalogue';

/**
 * Live OEM integrations. None is integrated yet: each needs a partner agreement, OAuth client
 * credentials and its own API client, none of which this codebase has. Rather than pretend, a live
 * adapter answers every call as "OEM unavailable (retryable)", so a live journey shows the
 * retryable outage screen and never stores fake credentials, and a periodic session check rejects
 * instead of marking real credentials expired. Replace `createLiveAdapter` per OEM as
 * integrations land; the sandbox simulators implement the same interface.
 */

export class LiveOemUnavailableError extends OemRequestError {
  override name = 'LiveOemUnavailableError';
  constructor(message = 'This OEM has no live integration yet') {
    super('OEM_UNAVAILABLE', true, message);
  }
}

export function createLiveAdapter(oem: OemInfo): OemAdapter {
  const unavailable = (): never => {
    throw new LiveOemUnavailableError(`${oem.name} has no live integration yet`);
  };
  const adapter: OemAdapter = {
    oem,
    authenticate: async () => authError('OEM_UNAVAILABLE', true),
    verifyMfa: async () => authError('OEM_UNAVAILABLE', true),
    resendMfa: async () => ({ kind: 'error', code: 'OEM_UNAVAILABLE', retryable: true }),
    listDevices: async () => unavailable(),
    checkSession: async () => unavailable(),
    executeAction: async () => unavailable(),
  };
  return Object.freeze(adapter);
}
