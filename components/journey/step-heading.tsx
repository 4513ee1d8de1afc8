'use client';

import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/** The step's one h1. It takes focus when the step appears, so screen readers announce it. */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1
      ref={ref}
      tabIndex={-1}
      className="text-2xl font-semibold tracking-tight text-slate-900 outline-none"
    >
      {children}
    </h1>
  );
}
