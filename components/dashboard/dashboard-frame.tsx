import type { ReactNode } from 'react';
import { signOutAction } from '@/app/account-actions';
import type { Actor } from '@/lib/accounts';
import { ROLE_LABELS } from '@/lib/accounts/roles';
import type { Environment } from '@/lib/db/schema';
import { DashboardNav, EnvironmentSwitch } from './nav';

interface DashboardFrameProps {
  actor: Actor;
  path: string;
  environment: Environment;
  title: string;
  /** Pages that do not depend on the environment hide the switch. */
  environmental?: boolean;
  children: ReactNode;
}

/** Every dashboard page: company, member, navigation, environment switch, one h1. */
export function DashboardFrame({
  actor,
  path,
  environment,
  title,
  environmental = true,
  children,
}: DashboardFrameProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-3 px-4 py-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="font-semibold">
              <span className="text-brand">Auth Journey</span> · {actor.companyName}
            </p>
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <span className="text-slate-700">
                {actor.email} ({ROLE_LABELS[actor.role]})
              </span>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="min-h-11 rounded-lg px-3 font-semibold text-slate-800 ring-1 ring-slate-400 ring-inset hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand"
                >
                  Sign out
                </button>
              </form>
            </div>
          </div>
          <DashboardNav current={path} environment={environment} />
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          {environmental ? <EnvironmentSwitch path={path} environment={environment} /> : null}
        </div>
        {children}
      </main>
    </div>
  );
}

export function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: ReactNode;
  id: string;
}) {
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-4 rounded-2xl bg-white p-5 ring-1 ring-slate-200"
    >
      <h2 id={id} className="text-lg font-semibold wrap-anywhere">
        {title}
      </h2>
      {children}
    </section>
  );
}
