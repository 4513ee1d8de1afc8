import Link from 'next/link';
import type { UsagePeriod } from '@/lib/dashboard/usage-view';
import { USAGE_PERIODS } from '@/lib/dashboard/usage-view';

/** 24 hours / 7 days / 30 days as plain links: the choice works before (and without) scripts. */
export function PeriodNav({
  period,
  hrefFor,
}: {
  period: UsagePeriod;
  hrefFor: (period: UsagePeriod) => string;
}) {
  return (
    <nav aria-label="Period" className="inline-flex flex-wrap rounded-lg bg-slate-200 p-1">
      {(Object.keys(USAGE_PERIODS) as UsagePeriod[]).map((p) => (
        <Link
          key={p}
          href={hrefFor(p)}
          aria-current={p === period ? 'true' : undefined}
          className={`inline-flex min-h-11 items-center rounded-md px-4 font-semibold focus-visible:outline-2 focus-visible:outline-brand ${
            p === period ? 'bg-white text-slate-900 shadow' : 'text-slate-700'
          }`}
        >
          {USAGE_PERIODS[p].label}
        </Link>
      ))}
    </nav>
  );
}
