import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/dashboard/action-button';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { PLAN_LABELS } from '@/components/dashboard/usage/usage-summary';
import { roleAllows } from '@/lib/accounts/roles';
import { getDb } from '@/lib/db/client';
import { getCompany, listApps, liveAccessRequestedAt } from '@/lib/dashboard/reads';
import { requestLiveAccessAction } from './actions';
import { environmentOf, formatDate, type SearchParams } from './_lib/page';
import { requireActor } from './_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview · Auth Journey dashboard' };

const SANDBOX_CREDENTIALS = [
  ['user_good / key_good', 'pass_good', 'Success, 2 devices'],
  ['user_mfa', 'pass_good', 'Asks for a code: 123456 passes'],
  ['user_many', 'pass_good', 'Success, 25 devices'],
  ['user_no_devices', 'pass_good', 'No devices found'],
  ['user_locked', 'any', 'Account locked'],
  ['user_oem_down', 'any', 'Manufacturer unavailable (retry offered)'],
  ['user_flaky', 'pass_good', 'Every other device action fails'],
  ['anything else', '—', 'Invalid credentials'],
];

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const db = await getDb();
  const [company, apps, requestedAt] = await Promise.all([
    getCompany(db, actor.customerId),
    listApps(db, actor.customerId),
    liveAccessRequestedAt(db, actor.customerId),
  ]);
  const app = apps[0];
  return (
    <DashboardFrame actor={actor} path="/dashboard" environment={environment} title="Overview">
      {environment === 'live' && !company?.liveEnabled ? (
        <Section id="live-access" title="Live access is not enabled">
          <p className="text-slate-700">
            Build and test in the sandbox first. When you are ready for real devices, ask for live
            access: we check your company and enable it. Live keys can be created now; they answer{' '}
            <code>LIVE_ACCESS_DISABLED</code> until then.
          </p>
          {requestedAt ? (
            <p className="text-slate-700">You asked on {formatDate(requestedAt)}.</p>
          ) : null}
          {roleAllows(actor.role, 'live:request') ? (
            <ActionButton
              action={requestLiveAccessAction}
              label="Request live access"
              fields={{}}
            />
          ) : (
            <p className="text-slate-700">An Owner or Admin of your company can request it.</p>
          )}
        </Section>
      ) : null}
      {environment === 'live' && company?.liveEnabled ? (
        <Section id="live-access" title="Live access is enabled">
          <p className="text-slate-700">
            Live keys reach real devices. Plan: {PLAN_LABELS[company.plan]}.
          </p>
        </Section>
      ) : null}
      <Section id="quick-start" title="Quick start">
        <ol className="flex list-decimal flex-col gap-3 pl-5 text-slate-800">
          <li>
            Try the journey as one of your users:{' '}
            {app ? (
              <a
                className="font-semibold text-brand underline"
                href={`/journey?appId=${encodeURIComponent(app.id)}&userId=test-user`}
              >
                Launch {app.appName}
              </a>
            ) : (
              <Link className="font-semibold text-brand underline" href="/dashboard/apps">
                Create an app
              </Link>
            )}{' '}
            and sign in with a sandbox credential below.
          </li>
          <li>
            <Link className="font-semibold text-brand underline" href="/dashboard/keys">
              Create a sandbox API key
            </Link>{' '}
            and call <code>GET /api/devices</code> with it.
          </li>
          <li>
            <Link className="font-semibold text-brand underline" href="/dashboard/webhooks">
              Add a webhook endpoint
            </Link>{' '}
            and send it a test event.
          </li>
          <li>
            Read the{' '}
            <Link className="font-semibold text-brand underline" href="/docs">
              documentation
            </Link>{' '}
            and the{' '}
            <Link className="font-semibold text-brand underline" href="/docs/api">
              API reference
            </Link>
            .
          </li>
        </ol>
        <ScrollTable label="Sandbox credentials">
          <table className="w-full min-w-[28rem] text-left text-sm">
            <caption className="mb-2 text-left font-semibold">Sandbox credentials</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">
                  Username / API key
                </th>
                <th scope="col" className="py-2 pr-3">
                  Password
                </th>
                <th scope="col" className="py-2">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {SANDBOX_CREDENTIALS.map(([user, password, outcome]) => (
                <tr key={user} className="border-b border-slate-200">
                  <td className="py-2 pr-3 font-mono">{user}</td>
                  <td className="py-2 pr-3 font-mono">{password}</td>
                  <td className="py-2">{outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </Section>
      <Section id="company" title="Your company">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-semibold">Customer ID</dt>
          <dd className="font-mono break-all">{actor.customerId}</dd>
          <dt className="font-semibold">Live access</dt>
          <dd>{company?.liveEnabled ? 'Enabled' : 'Not enabled'}</dd>
          <dt className="font-semibold">Plan</dt>
          <dd>{company ? PLAN_LABELS[company.plan] : null}</dd>
        </dl>
      </Section>
    </DashboardFrame>
  );
}
