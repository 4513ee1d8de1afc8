import type { Environment } from '../vocabulary';
import type { OemAdapter } from './adapter';
import { findOem } from './catalogue';
import { createLiveAdapter } from './live';
import { createSandboxAdapter } from './sandbox';
import type { SandboxCommandLog } from './sandbox-commands';
import { createMemoryCommandLog } from './sandbox-commands';

/**
 * The OEM layer: catalogue, adapter interface, sandbox simulators, capabilities and simulated
 * device state. This barrel pulls in node:crypto (through the sandbox); client components should
 * import `./catalogue` directly.
 */

export * from './adapter';
export * from './capabilities';
export * from './catalogue';
export { LiveOemUnavailableError, createLiveAdapter } from './live';
export {
  createSandboxAdapter,
  EXPIRED_TOKEN_PREFIX,
  sandboxAccountId,
  sandboxCompletionDelayMs,
} from './sandbox';
export type { SandboxCommand, SandboxCommandLog } from './sandbox-commands';
export { createMemoryCommandLog } from './sandbox-commands';
export { sandboxDevicesFor } from './sandbox-devices';
export * from './simulation';
export * from './device-state';

export type OemEnvironment = Environment;

/** Finds the adapter of an OEM in an environment; undefined for an unknown OEM id. */
export type OemAdapterRegistry = (
  oemId: string,
  environment: OemEnvironment,
) => OemAdapter | undefined;

/**
 * Adapters by (environment, OEM): sandbox -> its simulator, remembering commands in
 * `sandboxCommands`; live -> the live registry (see ./live: no live integration exists yet, so
 * live adapters answer OEM_UNAVAILABLE, retryable). Adapters are created once and kept.
 */
export function createOemAdapterRegistry(sandboxCommands: SandboxCommandLog): OemAdapterRegistry {
  const adapters = new Map<string, OemAdapter>();
  return (oemId, environment) => {
    const oem = findOem(oemId);
    if (!oem) return undefined;
    const key = `${environment}:${oem.id}`;
    let adapter = adapters.get(key);
    if (!adapter) {
      adapter =
        environment === 'sandbox'
          ? createSandboxAdapter(oem, sandboxCommands)
          : createLiveAdapter(oem);
      adapters.set(key, adapter);
    }
    return adapter;
  };
}

/**
 * The process's adapters for signing in and listing devices. Its sandbox command memory lives in
 * the process; the action worker builds its own registry over the database's command log, which
 * survives restarts and is shared by every worker.
 */
export const getOemAdapter: OemAdapterRegistry = createOemAdapterRegistry(createMemoryCommandLog());
