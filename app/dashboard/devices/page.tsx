import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/dashboard/action-button';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { getDb } from '@/lib/db/client';
import { hrefIn } from '@/lib/dashboard/environment';
import { searchDevices } from '@/lib/dashboard/reads';
import { DEVICE_TYPE_LABELS, findOem, isDeviceType } from '@/lib/oem/catalogue';
import { disconnectDeviceAction } from '../actions';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Devices · Auth Journey dashboard' };

export default async function DevicesPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const raw = (await searchParams).userId;
  const userId =
    typeof raw === 'string' && raw.trim() !== '' ? raw.trim().slice(0, 200) : undefined;
  const devices = await searchDevices(await getDb(), environment, actor.customerId, userId);
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/devices"
      environment={environment}
      title="Devices"
    >
      <Section id="search" title="Find devices">
        <form
          method="get"
          action="/dashboard/devices"
          aria-label="Find devices by user"
          className="flex flex-wrap items-end gap-2"
        >
          {environment === 'live' ? <input type="hidden" name="env" value="live" /> : null}
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor="user-id" className="text-sm font-medium text-slate-800">
              User ID
            </label>
            <input
              id="user-id"
              name="userId"
              defaultValue={userId ?? ''}
              maxLength={200}
              className="min-h-11 w-full rounded-lg border border-slate-400 px-3 py-2 text-base focus:outline-2 focus:outline-brand/40"
            />
          </div>
          <button
            type="submit"
            className="min-h-11 rounded-lg bg-brand px-4 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
          >
            Search
          </button>
        </form>
      </Section>
      <Section id="devices" title={userId ? `Devices of ${userId}` : 'Recent devices'}>
        {devices.length === 0 ? (
          <p className="text-slate-700">
            No devices{userId ? ' for this user' : ''} in this environment.
          </p>
        ) : (
          <ScrollTable label="Devices table">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  {[
                    'Device',
                    'User ID',
                    'OEM',
                    'Type',
                    'Status',
                    'Overage',
                    'Connected at',
                    '',
                  ].map((h, i) => (
                    <th key={i} scope="col" className="py-2 pr-3">
                      {h || <span className="sr-only">Actions</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3">
                      <Link
                        href={hrefIn(`/dashboard/devices/${encodeURIComponent(d.id)}`, environment)}
                        className="font-semibold text-brand underline focus-visible:outline-2 focus-visible:outline-brand"
                      >
                        {d.name}
                      </Link>
                      <br />
                      <span className="font-mono text-xs break-all">{d.id}</span>
                    </td>
                    <td className="py-2 pr-3 break-all">{d.userId}</td>
                    <td className="py-2 pr-3">{findOem(d.oem)?.name ?? d.oem}</td>
                    <td className="py-2 pr-3">
                      {isDeviceType(d.type) ? DEVICE_TYPE_LABELS[d.type] : d.type}
                    </td>
                    <td className="py-2 pr-3">
                      {d.status === 'connected' ? 'Connected' : 'Disconnected'}
                    </td>
                    <td className="py-2 pr-3">{d.overage ? 'Over allowance' : '—'}</td>
                    <td className="py-2 pr-3">{formatDate(d.connectedAt)}</td>
                    <td className="py-2">
                      {environment === 'sandbox' && d.status === 'connected' ? (
                        <ActionButton
                          action={disconnectDeviceAction}
                          label="Disconnect"
                          fields={{ deviceId: d.id }}
                          tone="danger"
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </Section>
    </DashboardFrame>
  );
}
