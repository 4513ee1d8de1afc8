'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-3 px-4">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-700">
        An unexpected error occurred on our side. Nothing you entered was kept.
      </p>
      <button
        type="button"
        onClick={reset}
        className="min-h-11 rounded-lg bg-brand px-4 font-semibold text-white"
      >
        Try again
      </button>
    </main>
  );
}
