import type { CSSProperties, ReactNode } from 'react';
import { fillTemplate } from '@/lib/journey/fill';
import type { Branding, FrameWords, JourneyScreen } from '@/lib/journey/views';
import { AppMark } from './app-mark';
import { PageTitleProvider } from './step-heading';

export interface JourneyFrameProps {
  branding: Branding;
  progress: JourneyScreen['progress'] | null;
  /** The frame's words in the journey's language (built on the server). */
  words: FrameWords;
  children: ReactNode;
}

/** "Step 2 of 7" and a bar of the same: the scale is fixed per journey, so both only move forward. */
function StepProgress({ number, total, label }: { number: number; total: number; label: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {fillTemplate(label, { number, total })}
      </p>
      <div
        aria-hidden="true"
        className="h-1 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div
          className="h-full rounded-full bg-brand dark:bg-teal-400"
          style={{ width: `${(number / total) * 100}%` }}
        />
      </div>
    </div>
  );
}

/**
 * The page behind a journey screen, light or dark as the device prefers: fixed behind the content,
 * so the screens need no wrapper of their own (form controls follow through `color-scheme`).
 */
export function JourneyBackdrop() {
  return <div aria-hidden="true" className="fixed inset-0 -z-10 bg-slate-50 dark:bg-slate-950" />;
}

/** The journey's chrome: the Customer App's name and logo (escaped by React), and progress. */
export function JourneyFrame({ branding, progress, words, children }: JourneyFrameProps) {
  // The app's colour replaces the product's on the primary button and the focus ring (the theme's
  // brand variables); it was checked for 4.5:1 with the button's white text when it was registered.
  const brand = branding.primaryColor
    ? ({
        '--color-brand': branding.primaryColor.base,
        '--color-brand-strong': branding.primaryColor.strong,
      } as CSSProperties)
    : undefined;
  return (
    <main
      className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 scheme-light-dark sm:py-12 dark:bg-slate-950 dark:text-slate-100"
      style={brand}
    >
      <JourneyBackdrop />
      <div className="flex flex-1 flex-col gap-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8 dark:bg-slate-900 dark:ring-slate-600">
        <header className="flex items-center gap-3">
          <AppMark branding={branding} />
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {words.introBefore}
            <span className="font-semibold text-slate-900 dark:text-white">{branding.appName}</span>
            {words.introAfter}
          </p>
        </header>
        {progress ? <StepProgress {...progress} label={words.progress} /> : null}
        <PageTitleProvider template={words.pageTitle}>
          <div className="flex flex-col gap-5">{children}</div>
        </PageTitleProvider>
      </div>
      <p className="mt-4 text-center text-xs text-slate-600 dark:text-slate-400">{words.footer}</p>
    </main>
  );
}
