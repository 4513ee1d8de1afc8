import Link from 'next/link';
import type { Environment } from '@/lib/db/schema';
import { hrefIn } from '@/lib/dashboard/environment';

export const NAV_ITEMS = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/dashboard/keys', label: 'Keys' },
  { href: '/dashboard/apps', label: 'Apps' },
  { href: '/dashboard/webhooks', label: 'Webhooks' },
  { href: '/dashboard/devices', label: 'Devices' },
  { href: '/dashboard/usage', label: 'Usage' },
  { href: '/dashboard/team', label: 'Team' },
  { href: '/dashboard/audit', label: 'Audit' },
] as const;

/** The dashboard's sections; the current one is marked for assistive technology. */
export function DashboardNav({
  current,
  environment,
}: {
  current: string;
  environment: Environment;
}) {
  return (
    <nav aria-label="Dashboard">
      <ul className="flex flex-wrap gap-1">
        {NAV_ITEMS.map((item) => {
          const active = item.href === current;
          const href = item.href.startsWith('/dashboard')
            ? hrefIn(item.href, environment)
            : item.href;
          return (
            <li key={item.href}>
              <Link
                href={href}
                aria-current={active ? 'page' : undefined}
                className={`inline-flex min-h-11 items-center rounded-lg px-3 font-medium focus-visible:outline-2 focus-visible:outline-brand ${
                  active ? 'bg-brand text-white' : 'text-slate-800 hover:bg-slate-200'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Sandbox / Live: the environment every page shows and acts in. */
export function EnvironmentSwitch({
  path,
  environment,
}: {
  path: string;
  environment: Environment;
}) {
  return (
    <nav aria-label="Environment" className="inline-flex rounded-lg bg-slate-200 p-1">
      {(['sandbox', 'live'] as const).map((env) => (
        <Link
          key={env}
          href={hrefIn(path, env)}
          aria-current={env === environment ? 'true' : undefined}
          className={`inline-flex min-h-11 items-center rounded-md px-4 font-semibold focus-visible:outline-2 focus-visible:outline-brand ${
            env === environment ? 'bg-white text-slate-900 shadow' : 'text-slate-700'
          }`}
        >
          {env === 'sandbox' ? 'Sandbox' : 'Live'}
        </Link>
      ))}
    </nav>
  );
}
