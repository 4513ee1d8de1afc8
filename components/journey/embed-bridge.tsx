'use client';

import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { EmbedMessage } from '@/lib/embed/messages';
import {
  EMBED_SOURCE,
  eventForFailure,
  eventForStep,
  messagesOnFinish,
} from '@/lib/embed/messages';
import type { StepView } from '@/lib/journey/views';

/** Tells the page that embeds the journey (its parent frame or opener) how it goes. */
export interface EmbedPort {
  post(messages: readonly EmbedMessage[]): void;
  /** Records the step the person is on, for an Escape pressed inside the frame. */
  setStep(step: string): void;
  step(): string | null;
}

const DETACHED: EmbedPort = { post() {}, setStep() {}, step: () => null };
const EmbedContext = createContext<EmbedPort>(DETACHED);

class WindowPort implements EmbedPort {
  private current: string | null = null;
  constructor(private readonly origins: readonly string[]) {}

  setStep(step: string) {
    this.current = step;
  }

  step() {
    return this.current;
  }

  post(messages: readonly EmbedMessage[]) {
    const target = embedder();
    if (!target) return;
    for (const message of messages) {
      for (const origin of this.origins) {
        target.postMessage({ source: EMBED_SOURCE, ...message }, origin);
      }
    }
  }
}

function embedder(): Window | null {
  if (window.parent !== window) return window.parent;
  return (window.opener as Window | null) ?? null;
}

/**
 * Posts only to the app's exact origins (the browser delivers a message only when the embedder's
 * origin is the one named), never `*`; the journey listens to no message.
 */
export function EmbedBridge({ origins, children }: { origins: string[]; children: ReactNode }) {
  const key = origins.join(' ');
  const port = useMemo<EmbedPort>(
    () => (key === '' ? DETACHED : new WindowPort(key.split(' '))),
    [key],
  );

  // Escape in a framed journey leaves it, like Escape on the embedding page (link.js).
  useEffect(() => {
    if (port === DETACHED || window.parent === window) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const step = port.step();
      port.post([
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
    const moved = eventForStep(left, view);
    port.post([
      ...(moved ? [moved] : []),
      ...(view.step === 'finished' && left.step !== 'finished' ? messagesOnFinish(view) : []),
    ]);
  }, [port, view]);
  // Once per failure shown (each is a new object), on the step it happened.
  const posted = useRef<object | null>(null);
  useEffect(() => {
    if (!failure || posted.current === failure) return;
    posted.current = failure;
    port.post([eventForFailure(view.step, failure.code)]);
  }, [port, failure, view.step]);
}
