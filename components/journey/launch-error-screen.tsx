import { JOURNEY_ERRORS } from '@/lib/journey/errors';
import type { LaunchErrorCode } from '@/lib/journey/errors';

export interface LaunchErrorScreenProps {
  code: LaunchErrorCode;
  detail?: string;
}

/** A journey that cannot start explains why, and never redirects: the target is not verified. */
export function LaunchErrorScreen({ code, detail }: LaunchErrorScreenProps) {
  const error = JOURNEY_ERRORS[code];
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 py-6 sm:py-12">
      <div className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">{error.title}</h1>
        <p className="text-slate-700">{error.message}</p>
        {detail ? <p className="text-sm text-slate-600">{detail}</p> : null}
        <p className="text-xs text-slate-500">Error code: {code}</p>
      </div>
    </main>
  );
}
