import type { Metadata } from 'next';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { getDb } from '@/lib/db/client';
import { listAudit } from '@/lib/dashboard/reads';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log · Auth Journey dashboard' };

/** Details worth a glance, never a secret (the log never holds one). */
function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ')
    .slice(0, 300);
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const entries = await listAudit(await getDb(), actor.customerId);
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/audit"
      environment={environment}
      title="Audit log"
      environmental={false}
    >
      <Section id="entries" title="Latest 200 entries">
        <ScrollTable label="Audit log table">
          <table className="w-full min-w-[60rem] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {['When', 'Who', 'What', 'Environment', 'Subject', 'Details'].map((h) => (
                  <th key={h} scope="col" className="py-2 pr-3">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDate(e.at)}</td>
                  <td className="min-w-48 py-2 pr-3 wrap-anywhere">{e.actor}</td>
                  <td className="py-2 pr-3 font-mono">{e.action}</td>
                  <td className="py-2 pr-3">{e.environment ?? '—'}</td>
                  <td className="min-w-40 py-2 pr-3 font-mono text-xs break-all">
                    {e.subjectId ?? '—'}
                  </td>
                  <td className="min-w-48 py-2 pr-3 wrap-anywhere">{summary(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </Section>
    </DashboardFrame>
  );
}
