import type { CSSProperties, ReactNode } from 'react';
import type { Branding, JourneyScreen } from '@/lib/journey/views';
import { AppMark } from './app-mark';

export interface JourneyFrameProps {
  branding: Branding;
  progress: JourneyScreen['progress'] | null;
  children: ReactNode;
}

/** The journey's chrome: the Customer App's name and logo (escaped by React), and progress. */
export function JourneyFrame({ branding, progress, children }: JourneyFrameProps) {
  const index = progress ? progress.steps.indexOf(progress.current) : -1;
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
      className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 sm:py-12"
      style={brand}
    >
      <div className="flex flex-1 flex-col gap-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <header className="flex items-center gap-3">
          <AppMark branding={branding} />
          <p className="text-sm text-slate-600">
            <span className="font-semibold text-slate-900">{branding.appName}</span> uses Auth
            Journey to connect your device
          </p>
        </header>
        {progress && index >= 0 ? (
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
            Step {index + 1} of {progress.steps.length}
          </p>
        ) : null}
        <div className="flex flex-col gap-5">{children}</div>
      </div>
      <p className="mt-4 text-center text-xs text-slate-500">
        Your credentials are sent securely and never shared with {branding.appName}.
      </p>
    </main>
  );
}
