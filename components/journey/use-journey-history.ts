'use client';

import { useEffect, useMemo, useRef } from 'react';

/** The entry index the journey writes into each of its history entries. */
const KEY = 'journeyEntry';

function entryOf(state: unknown): number {
  if (state && typeof state === 'object' && KEY in state) {
    const value = (state as Record<string, unknown>)[KEY];
    if (typeof value === 'number') return value;
  }
  return 0;
}

export interface JourneyHistory {
  /** Adds an entry for a step the journey moved to (or puts back one Back removed). */
  push(): void;
  /** Whether an entry of this page lies behind the current one. */
  canPop(): boolean;
}

/**
 * The journey's browser history: each step pushes an entry (same address) numbered after the last,
 * so a popstate is told apart: to a lower number is Back (`onBack`), to a higher one is Forward,
 * which changes nothing.
 */
export function useJourneyHistory(onBack: () => void): JourneyHistory {
  const index = useRef(0);
  const onBackRef = useRef(onBack);
  useEffect(() => {
    onBackRef.current = onBack;
  }, [onBack]);

  useEffect(() => {
    index.current = entryOf(window.history.state);
    const onPopState = (event: PopStateEvent) => {
      const to = entryOf(event.state);
      const back = to < index.current;
      index.current = to;
      if (back) onBackRef.current();
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  return useMemo(
    () => ({
      push() {
        index.current += 1;
        window.history.pushState({ [KEY]: index.current }, '');
      },
      canPop: () => index.current > 0,
    }),
    [],
  );
}
