'use client';

import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useRef } from 'react';
import { pageTitle } from '@/lib/journey/step-titles';

/** The tab's title template of the journey's language ("{heading} · Connect your device"). */
const PageTitleTemplate = createContext('{heading}');

/** Gives the screens below it their tab's title template (the journey frame does). */
export function PageTitleProvider({
  template,
  children,
}: {
  template: string;
  children: ReactNode;
}) {
  return <PageTitleTemplate.Provider value={template}>{children}</PageTitleTemplate.Provider>;
}

/**
 * The step's one h1. It takes focus when the step appears, so screen readers announce it, and names
 * the tab (the page's metadata names the first step the same way, before any script runs).
 */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const template = useContext(PageTitleTemplate);
  useEffect(() => {
    const heading = ref.current;
    if (!heading) return;
    heading.focus();
    document.title = pageTitle(heading.textContent ?? '', template);
  }, [template]);
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
