/**
 * In-process wake-up of running dispatchers, kept apart from the dispatcher so that the outbox can
 * notify without importing the HTTP sender.
 */
const listeners = new Set<() => void>();

export function onDispatcherWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Wakes the dispatchers of this process (no-op when none runs). Call after committing an event. */
export function notifyDispatcher(): void {
  for (const listener of listeners) listener();
}
