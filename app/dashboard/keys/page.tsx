import type { Metadata } from 'next';
import { ActionButton } from '@/components/dashboard/action-button';
import { CreateKeyForm } from '@/components/dashboard/create-key-form';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { getDb } from '@/lib/db/client';
import { listKeys } from '@/lib/dashboard/reads';
import { revokeKeyAction } from '../actions';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API keys · Auth Journey dashboard' };

function statusOf(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): string {
  if (key.revokedAt) return 'Revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'Expired';
  return 'Active';
}

export default async function KeysPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const keys = (await listKeys(await getDb(), actor.customerId)).filter(
    (k) => k.environment === environment,
  );
  const now = new Date();
  return (
    <DashboardFrame actor={actor} path="/dashboard/keys" environment={environment} title="API keys">
      <Section id="create-key" title="New key">
        <p className="text-slate-700">
          A key is shown once, when it is created. Store it in your server&apos;s secrets; the
          dashboard keeps only its prefix.
        </p>
        <CreateKeyForm environment={environment} />
      </Section>
      <Section id="keys" title={`${environment === 'live' ? 'Live' : 'Sandbox'} keys`}>
        {keys.length === 0 ? (
          <p className="text-slate-700">No keys in this environment yet.</p>
        ) : (
          <ScrollTable label="API keys table">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  {[
                    'Name',
                    'Prefix',
                    'Environment',
                    'Created',
                    'Last used',
                    'Expires',
                    'Status',
                    '',
                  ].map((h, i) => (
                    <th key={i} scope="col" className="py-2 pr-3">
                      {h || <span className="sr-only">Actions</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const status = statusOf(key, now);
                  return (
                    <tr key={key.id} className="border-b border-slate-200 align-top">
                      <td className="py-2 pr-3">{key.name ?? '—'}</td>
                      <td className="py-2 pr-3 font-mono">{key.prefix}…</td>
                      <td className="py-2 pr-3">
                        {key.environment === 'live' ? 'Live' : 'Sandbox'}
                      </td>
                      <td className="py-2 pr-3">{formatDate(key.createdAt)}</td>
                      <td className="py-2 pr-3">{formatDate(key.lastUsedAt)}</td>
                      <td className="py-2 pr-3">{formatDate(key.expiresAt)}</td>
                      <td className="py-2 pr-3">{status}</td>
                      <td className="py-2">
                        {status === 'Revoked' ? null : (
                          <ActionButton
                            action={revokeKeyAction}
                            label="Revoke"
                            confirm="Revoke key"
                            tone="danger"
                            fields={{ keyId: key.id }}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </Section>
    </DashboardFrame>
  );
}
