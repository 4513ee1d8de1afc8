import type { LaunchErrorCopy } from '@/lib/journey/views';

export interface LaunchErrorScreenProps {
  copy: LaunchErrorCopy;
}

/** A journey that cannot start explains why, and never redirects: the target is not verified. */
export function LaunchErrorScreen({ copy }: LaunchErrorScreenProps) {
  return (
    <main
      lang={copy.language}
      className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 sm:py-12"
    >
      <div className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">{copy.title}</h1>
        <p className="text-slate-700">{copy.message}</p>
        {copy.developerDetail ? (
          <p className="text-sm text-slate-600">
            {copy.developerDetail.label}: <span lang="en">{copy.developerDetail.text}</span>
          </p>
        ) : null}
        <p className="text-xs text-slate-500">{copy.codeLine}</p>
      </div>
    </main>
  );
}
