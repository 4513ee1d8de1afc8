'use client';

import type { ReactNode } from 'react';
import { Children, useEffect, useRef } from 'react';

/** The heading's words as one string (headings are text, written in parts). */
function textOf(children: ReactNode): string {
  return Children.toArray(children)
    .filter((c) => typeof c === 'string' || typeof c === 'number')
    .join('');
}

/**
 * The step's one h1. It takes focus when the step appears, so screen readers announce it, and names
 * the page: the tab's title says which step this is (React places the `title` in the head, ahead of
 * the route's own).
 */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <>
      <title>{`${textOf(children)} · Connect your device`}</title>
      <h1
        ref={ref}
        tabIndex={-1}
        className="text-2xl font-semibold tracking-tight text-slate-900 outline-none dark:text-white"
      >
        {children}
      </h1>
    </>
  );
}
