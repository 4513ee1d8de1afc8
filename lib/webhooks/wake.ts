/**
 * In-process wake-up of running dispatchers, kept apart from the dispatcher so that the outbox can
 * notify without importing the HTTP sender.
 */
// On globalThis: Next's bundles hold their own copy of this module, and an event written by a server
// action (the dashboard's test event, replay) must wake the dispatcher the server started.
const listenersKey = Symbol.for('auth-journey.dispatcher-wake');
const listeners: Set<() => void> = ((globalThis as Record<symbol, unknown>)[listenersKey] ??=
  new Set<() => void>()) as Set<() => void>;

export function onDispatcherWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Wakes the dispatchers of this process (no-op when none runs). Call after committing an event. */
export function notifyDispatcher(): void {
  for (const listener of listeners) listener();
}
