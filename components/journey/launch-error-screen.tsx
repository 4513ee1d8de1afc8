import type { Branding, LaunchErrorCopy } from '@/lib/journey/views';
import { JourneyBackdrop, JourneyFrame } from './journey-frame';
import { ReturnLink } from './return-link';

export interface LaunchErrorScreenProps {
  /** The words the server chose for the code, in the person's language (never the whole table). */
  copy: LaunchErrorCopy;
  /** When the app is known (a used reconnection link, say): its branding and the way back to it. */
  app?: { branding: Branding; exitUrl: string };
}

/**
 * A journey that cannot start explains why. It never redirects to an app it could not verify; when
 * the app is known, the screen carries its branding and a link back to it.
 */
export function LaunchErrorScreen({ copy, app }: LaunchErrorScreenProps) {
  const body = (
    <div lang={copy.language} className="contents">
      <h1 className="text-2xl font-semibold tracking-tight">{copy.title}</h1>
      <p className="text-slate-700 dark:text-slate-200">{copy.message}</p>
      {copy.developerDetail ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {copy.developerDetail.label}: <span lang="en">{copy.developerDetail.text}</span>
        </p>
      ) : null}
      {app && copy.returnLabel ? <ReturnLink href={app.exitUrl} label={copy.returnLabel} /> : null}
      <p className="text-xs text-slate-600 dark:text-slate-400">{copy.codeLine}</p>
    </div>
  );
  if (app && copy.frame) {
    return (
      <JourneyFrame branding={app.branding} progress={null} words={copy.frame}>
        {body}
      </JourneyFrame>
    );
  }
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 scheme-light-dark sm:py-12 dark:bg-slate-950 dark:text-slate-100">
      <JourneyBackdrop />
      <div className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8 dark:bg-slate-900 dark:ring-slate-600">
        {body}
      </div>
    </main>
  );
}
