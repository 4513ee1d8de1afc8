import type { OemAdapter } from './adapter';
import { findOem } from './catalogue';
import { createLiveAdapter } from './live';
import { createSandboxAdapter } from './sandbox';

/**
 * The OEM layer: catalogue, adapter interface, sandbox simulators, capabilities and simulated
 * device state. This barrel pulls in node:crypto (through the sandbox); client components should
 * import `./catalogue` directly.
 */

export * from './adapter';
export * from './capabilities';
export * from './catalogue';
export { LiveOemUnavailableError, createLiveAdapter } from './live';
export { createSandboxAdapter, EXPIRED_TOKEN_PREFIX, sandboxAccountId } from './sandbox';
export { sandboxDevicesFor } from './sandbox-devices';
export * from './simulation';

export type OemEnvironment = 'sandbox' | 'live';

// Adapters are stateless; one per (environment, OEM) is enough.
const adapters = new Map<string, OemAdapter>();

/**
 * The adapter for an OEM in an environment: sandbox -> its simulator; live -> the live registry
 * (see ./live: no live integration exists yet, so live adapters answer OEM_UNAVAILABLE, retryable).
 * Unknown OEM id -> undefined.
 */
export function getOemAdapter(oemId: string, environment: OemEnvironment): OemAdapter | undefined {
  const oem = findOem(oemId);
  if (!oem) return undefined;
  const key = `${environment}:${oem.id}`;
  let adapter = adapters.get(key);
  if (!adapter) {
    adapter = environment === 'sandbox' ? createSandboxAdapter(oem) : createLiveAdapter(oem);
    adapters.set(key, adapter);
  }
  return adapter;
}
