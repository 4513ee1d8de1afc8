'use client';

import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { pageTitle } from '@/lib/journey/step-titles';

/**
 * The step's one h1. It takes focus when the step appears, so screen readers announce it, and names
 * the tab (the page's metadata names the first step the same way, before any script runs).
 */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const heading = ref.current;
    if (!heading) return;
    heading.focus();
    document.title = pageTitle(heading.textContent ?? '');
  }, []);
  return (
    <h1
      ref={ref}
      tabIndex={-1}
      className="text-2xl font-semibold tracking-tight text-slate-900 outline-none dark:text-white"
    >
      {children}
    </h1>
  );
}
