import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { PeriodNav } from '@/components/dashboard/usage/period-nav';
import { UsageCharts } from '@/components/dashboard/usage/usage-chart';
import {
  AllowanceSummary,
  PlanSummary,
  QuotaSummary,
  UnusualPatterns,
} from '@/components/dashboard/usage/usage-summary';
import { JourneyFunnel } from '@/components/dashboard/usage/journey-funnel';
import { KeyUsageTable, RouteUsageTable } from '@/components/dashboard/usage/usage-tables';
import { readFunnel } from '@/lib/embed/funnel';
import { getConfig } from '@/lib/config';
import type { Environment } from '@/lib/db/schema';
import { getDb } from '@/lib/db/client';
import { getCompany } from '@/lib/dashboard/reads';
import type { UsagePeriod } from '@/lib/dashboard/usage-view';
import {
  DEFAULT_USAGE_PERIOD,
  USAGE_PERIODS,
  formatCount,
  formatRate,
  parseUsagePeriod,
  periodRange,
} from '@/lib/dashboard/usage-view';
import { flushProcessUsage } from '@/lib/usage/process';
import {
  allowanceUse,
  findUnusualPatterns,
  listKeyRates,
  monthQuotaUsage,
  usageByKey,
  usageByRoute,
  usageSeries,
  usageTotals,
} from '@/lib/usage/reads';
import { environmentOf, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Usage · Auth Journey dashboard' };

/** This page's address with its choices; defaults stay implicit. */
function usageHref(environment: Environment, period: UsagePeriod, keyId?: string): string {
  const params = new URLSearchParams();
  if (environment === 'live') params.set('env', 'live');
  if (period !== DEFAULT_USAGE_PERIOD) params.set('period', period);
  if (keyId) params.set('key', keyId);
  const query = params.toString();
  return query ? `/dashboard/usage?${query}` : '/dashboard/usage';
}

export default async function UsagePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const query = await searchParams;
  const period = parseUsagePeriod(query.period);
  // This instance's counts of the last seconds go to the database first, so the page is current.
  await flushProcessUsage();
  const now = new Date();
  const range = periodRange(period, now);
  const { customerId } = actor;
  const db = await getDb();
  const all = { customerId, environment, from: range.from, to: range.to };
  const [company, keyRates, byKey, quota, allowance, unusual, funnel] = await Promise.all([
    getCompany(db, customerId),
    listKeyRates(db, customerId, environment),
    usageByKey(db, all),
    monthQuotaUsage(db, customerId, environment, now),
    allowanceUse(db, customerId),
    findUnusualPatterns(db, { customerId, environment, now }),
    readFunnel(db, all),
  ]);
  // A key of this customer and environment: one in use in the period, or any unrevoked one.
  const names = new Map<string, string>([
    ...byKey.map((k) => [k.keyId, k.name ?? k.prefix] as const),
    ...keyRates.map((k) => [k.keyId, k.name ?? k.prefix] as const),
  ]);
  const keyId = typeof query.key === 'string' && names.has(query.key) ? query.key : undefined;
  const subject = { ...all, keyId };
  const [series, totals, byRoute] = await Promise.all([
    usageSeries(db, subject, range.granularity),
    usageTotals(db, subject),
    usageByRoute(db, subject),
  ]);
  const keyName = (id: string) => names.get(id) ?? id;
  const periodLabel = USAGE_PERIODS[period].label;
  const subjectLabel = keyId ? `key ${keyName(keyId)}` : 'all keys';
  const hrefFor = (p: UsagePeriod) => usageHref(environment, p, keyId);

  // The page's sections, top to bottom: add one here.
  const sections: { id: string; title: string; body: ReactNode }[] = [
    {
      id: 'over-time',
      title: `Requests and errors, last ${periodLabel}`,
      body: (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <PeriodNav period={period} hrefFor={hrefFor} />
            {keyId ? (
              <p className="text-slate-800">
                Showing {subjectLabel}.{' '}
                <Link
                  href={usageHref(environment, period)}
                  className="font-semibold text-brand underline focus-visible:outline-2 focus-visible:outline-brand"
                >
                  Show all keys
                </Link>
              </p>
            ) : null}
          </div>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Totals">
            {[
              ['Requests', formatCount(totals.requests)],
              ['Errors', formatCount(totals.clientErrors + totals.serverErrors)],
              ['Error rate', formatRate(totals.errorRate)],
              ['Server errors (5xx)', formatCount(totals.serverErrors)],
            ].map(([term, value]) => (
              <div key={term} className="rounded-lg bg-slate-100 p-3">
                <dt className="text-sm text-slate-700">{term}</dt>
                <dd className="text-xl font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <UsageCharts
            points={series}
            granularity={range.granularity}
            periodLabel={periodLabel}
            subject={subjectLabel}
          />
        </>
      ),
    },
    {
      id: 'refused',
      title: 'Refused requests',
      body: (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-slate-800">
          <dt className="font-medium">Rate-limited</dt>
          <dd>
            {formatCount(totals.rateLimited)} (<code>RATE_LIMIT_EXCEEDED</code>: over a key&apos;s
            requests/s)
          </dd>
          <dt className="font-medium">Quota-refused</dt>
          <dd>
            {formatCount(totals.quotaRefused)} (<code>QUOTA_EXCEEDED</code>: over the monthly quota)
          </dd>
        </dl>
      ),
    },
    {
      id: 'by-key',
      title: `By key, last ${periodLabel}`,
      body: (
        <KeyUsageTable
          keys={byKey}
          hrefForKey={(id) => usageHref(environment, period, id)}
          selectedKeyId={keyId}
        />
      ),
    },
    {
      id: 'by-route',
      title: `By route, last ${periodLabel}${keyId ? `, ${subjectLabel}` : ''}`,
      body: <RouteUsageTable routes={byRoute} />,
    },
    {
      id: 'funnel',
      title: `Journeys, last ${periodLabel}`,
      body: <JourneyFunnel funnel={funnel} />,
    },
    {
      id: 'unusual',
      title: 'Unusual patterns',
      body: <UnusualPatterns patterns={unusual} keyName={keyName} />,
    },
    {
      id: 'quota',
      title: 'Monthly quota',
      body: quota ? <QuotaSummary quota={quota} /> : null,
    },
    {
      id: 'plan',
      title: 'Plan and rates',
      body: company ? (
        <PlanSummary
          environment={environment}
          company={company}
          sandboxRateLimit={getConfig().sandboxRateLimit}
          keys={keyRates}
        />
      ) : null,
    },
    {
      id: 'allowance',
      title: 'Device allowance',
      body: <AllowanceSummary allowance={allowance} />,
    },
  ];

  return (
    <DashboardFrame actor={actor} path="/dashboard/usage" environment={environment} title="Usage">
      <p className="text-slate-700">
        {environment === 'live' ? 'Live' : 'Sandbox'} requests of your API keys, counted per minute
        in UTC. Counts from other server instances arrive within 10 seconds.
      </p>
      {sections.map((s) => (
        <Section key={s.id} id={s.id} title={s.title}>
          {s.body}
        </Section>
      ))}
    </DashboardFrame>
  );
}
