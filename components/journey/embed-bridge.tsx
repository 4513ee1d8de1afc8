'use client';

import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { StepView } from '@/lib/journey/views';
import type { EmbedPort } from './embed-port';
import { createEmbedPort, DETACHED } from './embed-port';

export type { EmbedPort } from './embed-port';

const EmbedContext = createContext<EmbedPort>(DETACHED);

function embedder(): Window | null {
  if (window.parent !== window) return window.parent;
  return (window.opener as Window | null) ?? null;
}

// Its own chunk: fetched only by a journey that a page embeds.
const loadCatalogue = () => import('@/lib/embed/messages');

/** The journey's link to the page that embeds it (see docs/embedding.md); it listens to no message. */
export function EmbedBridge({ origins, children }: { origins: string[]; children: ReactNode }) {
  const key = origins.join(' ');
  const port = useMemo(
    () => createEmbedPort(key === '' ? [] : key.split(' '), { embedder, load: loadCatalogue }),
    [key],
  );

  useEffect(() => {
    port.prepare();
    // Escape in a framed journey leaves it, like Escape on the embedding page (link.js).
    if (port === DETACHED || window.parent === window) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const step = port.step();
      void port.post(() => [
        { type: 'EVENT', event: 'EXIT', metadata: { reason: 'user_exit', step } },
        { type: 'EXIT', reason: 'user_exit', step },
      ]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [port]);

  return <EmbedContext.Provider value={port}>{children}</EmbedContext.Provider>;
}

export function useEmbedPort(): EmbedPort {
  return useContext(EmbedContext);
}

/** The journey's events for its embedder: each forward step, each failure, the end shown. */
export function useEmbedEvents(view: StepView, failure: { code: string } | null): void {
  const port = useEmbedPort();
  const previous = useRef(view);
  // A layout effect: it runs before any step's own effects, so the step just left is announced
  // before the finished step hands off (and the embedder closes the journey).
  useLayoutEffect(() => {
    port.setStep(view.step);
    const left = previous.current;
    if (left === view) return;
    previous.current = view;
    void port.post((m) => {
      const moved = m.eventForStep(left, view);
      return [
        ...(moved ? [moved] : []),
        ...(view.step === 'finished' && left.step !== 'finished' ? m.messagesOnFinish(view) : []),
      ];
    });
  }, [port, view]);
  // Once per failure shown (each is a new object), on the step it happened.
  const posted = useRef<object | null>(null);
  useEffect(() => {
    if (!failure || posted.current === failure) return;
    posted.current = failure;
    const step = view.step;
    const code = failure.code;
    void port.post((m) => [m.eventForFailure(step, code)]);
  }, [port, failure, view.step]);
}
