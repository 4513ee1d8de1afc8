import type { ReactNode } from 'react';

/** The frame of the sign-up, sign-in and invitation pages. */
export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-6 px-4 py-10">
      <p className="text-sm font-semibold tracking-wide text-brand uppercase">Auth Journey</p>
      <div className="flex flex-col gap-5 rounded-2xl bg-white p-6 ring-1 ring-slate-200 wrap-anywhere">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </div>
      {footer ? <div className="text-sm text-slate-700">{footer}</div> : null}
    </main>
  );
}
