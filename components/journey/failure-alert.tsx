'use client';

import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import type { StepFailure } from './step-failure';

export interface FailureAlertProps {
  failure: StepFailure | null;
  /** Overrides the failure's message (a field's own error, say). */
  children?: ReactNode;
}

/**
 * A step's refusal, as the server worded it (the maker named, what to do next). It takes focus when
 * it appears, and again for each new refusal, so keyboard and screen-reader users land on what went
 * wrong instead of the page's start; the form keeps what was typed.
 */
export function FailureAlert({ failure, children }: FailureAlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 dark:border-red-400 dark:bg-red-950 dark:text-red-100"
    >
      {children ?? failure.message}
    </div>
  );
}
