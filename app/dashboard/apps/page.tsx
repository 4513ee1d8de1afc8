import type { Metadata } from 'next';
import { AppForm } from '@/components/dashboard/app-form';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { getDb } from '@/lib/db/client';
import { listApps } from '@/lib/dashboard/reads';
import { OEM_CATALOGUE } from '@/lib/oem/catalogue';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Customer Apps · Auth Journey dashboard' };

const OEM_OPTIONS = OEM_CATALOGUE.map((o) => ({ value: o.id, label: o.name }));
const OEM_NAME = new Map(OEM_CATALOGUE.map((o) => [o.id, o.name]));

export default async function AppsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const apps = await listApps(await getDb(), actor.customerId);
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/apps"
      environment={environment}
      title="Customer Apps"
    >
      <Section id="new-app" title="New app">
        <p className="text-slate-700">
          An app is what your users see in the journey and where they return to.
        </p>
        <AppForm oemOptions={OEM_OPTIONS} />
      </Section>
      {apps.map((app) => (
        <Section key={app.id} id={`app-${app.id}`} title={app.appName}>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="font-semibold">App ID</dt>
            <dd className="font-mono break-all">{app.id}</dd>
            <dt className="font-semibold">Redirect URL</dt>
            <dd className="break-all">{app.redirectUrl}</dd>
            <dt className="font-semibold">Reconnect redirect URL</dt>
            <dd className="break-all">{app.reconnectRedirectUrl}</dd>
            <dt className="font-semibold">Logo URL</dt>
            <dd className="break-all">{app.logoUrl ?? '—'}</dd>
            <dt className="font-semibold">Brand colour</dt>
            <dd>{app.primaryColor ?? 'Default'}</dd>
            <dt className="font-semibold">Allowed origins</dt>
            <dd className="break-all">
              {app.allowedOrigins.length > 0
                ? app.allowedOrigins.join(', ')
                : 'None (not embeddable)'}
            </dd>
            <dt className="font-semibold">OEMs</dt>
            <dd>
              {app.supportedOems
                ? app.supportedOems.map((id) => OEM_NAME.get(id) ?? id).join(', ')
                : 'Every OEM'}
            </dd>
            <dt className="font-semibold">Created</dt>
            <dd>{formatDate(app.createdAt)}</dd>
          </dl>
          <div className="flex flex-wrap items-start gap-3">
            <a
              href={`/journey?appId=${encodeURIComponent(app.id)}&userId=test-user`}
              className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-semibold text-brand underline"
            >
              Try the journey
            </a>
            <AppForm
              oemOptions={OEM_OPTIONS}
              app={{
                appId: app.id,
                appName: app.appName,
                redirectUrl: app.redirectUrl,
                reconnectRedirectUrl: app.reconnectRedirectUrl,
                logoUrl: app.logoUrl ?? '',
                primaryColor: app.primaryColor ?? '',
                allowedOrigins: app.allowedOrigins.join(', '),
                oems: app.supportedOems ?? [],
              }}
            />
          </div>
        </Section>
      ))}
    </DashboardFrame>
  );
}
