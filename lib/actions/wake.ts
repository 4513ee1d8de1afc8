/**
 * In-process wake-up of running action workers, kept apart from the worker so that accepting an
 * action (an API route) never imports the OEM adapters.
 */
const listeners = new Set<() => void>();

export function onActionWorkerWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Wakes the action workers of this process (no-op when none runs). Call after committing. */
export function notifyActionWorker(): void {
  for (const listener of listeners) listener();
}
