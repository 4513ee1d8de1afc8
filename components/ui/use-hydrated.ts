import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server's HTML and until the page's scripts have hydrated it, then true. A control
 * that only works with scripts stays inert until then, so a tap in that gap cannot submit a bare
 * HTML form (and lose the journey): the person taps again a moment later, nothing lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
