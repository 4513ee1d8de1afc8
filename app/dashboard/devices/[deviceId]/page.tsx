import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { listDeviceActions } from '@/lib/actions/queries';
import { listSchedules } from '@/lib/actions/schedules';
import { findDeviceForCustomer } from '@/lib/api/queries/devices';
import { isPlausibleId } from '@/lib/api/routes/inputs';
import {
  STATUS_LABELS,
  actionLabel,
  daysLabel,
  outcomeLabel,
  paramsLabel,
} from '@/lib/dashboard/action-view';
import { hrefIn } from '@/lib/dashboard/environment';
import { getDb } from '@/lib/db/client';
import { DEVICE_TYPE_LABELS, findOem, isDeviceType } from '@/lib/oem/catalogue';
import { environmentOf, formatDate, type SearchParams } from '../../_lib/page';
import { requireActor } from '../../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Device · Auth Journey dashboard' };

/** How many of a device's most recent actions the page lists. */
const RECENT_ACTIONS = 50;

const at = (iso: string | null) => formatDate(iso ? new Date(iso) : null);

/** One device: what it is, its recent actions with their outcomes, and its schedules. */
export default async function DevicePage({
  params,
  searchParams,
}: {
  params: Promise<{ deviceId: string }>;
  searchParams: SearchParams;
}) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const { deviceId } = await params;
  if (!isPlausibleId(deviceId)) notFound();
  const db = await getDb();
  const device = await findDeviceForCustomer(db, environment, actor.customerId, deviceId);
  if (!device || !isDeviceType(device.type)) notFound();
  const [actions, schedules] = await Promise.all([
    listDeviceActions(db, environment, actor.customerId, device.id, RECENT_ACTIONS),
    listSchedules(db, environment, actor.customerId, device.type, device.id),
  ]);
  const devicesHref = hrefIn('/dashboard/devices', environment);
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/devices"
      environment={environment}
      environmental={false}
      title={device.name}
    >
      <p>
        <Link
          href={devicesHref}
          className="inline-flex min-h-11 items-center font-semibold text-brand underline focus-visible:outline-2 focus-visible:outline-brand"
        >
          All devices
        </Link>
      </p>
      <Section id="device" title="Device">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-slate-800">
          <dt className="font-medium">Device ID</dt>
          <dd className="font-mono text-sm break-all">{device.id}</dd>
          <dt className="font-medium">User ID</dt>
          <dd className="break-all">{device.userId}</dd>
          <dt className="font-medium">Type</dt>
          <dd>{DEVICE_TYPE_LABELS[device.type]}</dd>
          <dt className="font-medium">Manufacturer</dt>
          <dd>{findOem(device.oem)?.name ?? device.oem}</dd>
          <dt className="font-medium">Status</dt>
          <dd>
            {device.status === 'connected' ? 'Connected' : 'Disconnected'}
            {device.overage ? ' · Over allowance' : ''}
          </dd>
          <dt className="font-medium">Connected at</dt>
          <dd>{formatDate(device.connectedAt)}</dd>
          <dt className="font-medium">Environment</dt>
          <dd>{environment === 'live' ? 'Live' : 'Sandbox'}</dd>
        </dl>
      </Section>
      <Section id="actions" title="Recent actions">
        {actions.length === 0 ? (
          <p className="text-slate-700">
            No actions yet. Your server sends them with{' '}
            <code className="wrap-anywhere">
              POST /api/{device.type}/&#123;deviceId&#125;/actions
            </code>
            .
          </p>
        ) : (
          <ScrollTable label="Actions table">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <caption className="sr-only">
                The device&apos;s {actions.length} most recent actions, newest first
              </caption>
              <thead>
                <tr className="border-b border-slate-300">
                  {['Action', 'Status', 'Outcome', 'Accepted', 'Settled', 'Source'].map((h) => (
                    <th key={h} scope="col" className="py-2 pr-3">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {actions.map((a) => (
                  <tr key={a.actionId} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {actionLabel(a.type)}
                      {Object.keys(a.params).length > 0 ? ` (${paramsLabel(a.params)})` : ''}
                      <br />
                      <span className="font-mono text-xs break-all">{a.actionId}</span>
                    </th>
                    <td className="py-2 pr-3">{STATUS_LABELS[a.status]}</td>
                    <td className="py-2 pr-3">{outcomeLabel(a)}</td>
                    <td className="py-2 pr-3">{at(a.createdAt)}</td>
                    <td className="py-2 pr-3">{at(a.completedAt)}</td>
                    <td className="py-2 pr-3">{a.scheduleId ? 'Schedule' : 'API'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </Section>
      <Section id="schedules" title="Schedules">
        {schedules.length === 0 ? (
          <p className="text-slate-700">No schedules for this device.</p>
        ) : (
          <ScrollTable label="Schedules table">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  {['Action', 'Days', 'Time', 'Next', 'Last fired'].map((h) => (
                    <th key={h} scope="col" className="py-2 pr-3">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {schedules.map((s) => (
                  <tr key={s.scheduleId} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {actionLabel(s.action.type)}
                      {Object.keys(s.action.params).length > 0
                        ? ` (${paramsLabel(s.action.params)})`
                        : ''}
                      <br />
                      <span className="font-mono text-xs break-all">{s.scheduleId}</span>
                    </th>
                    <td className="py-2 pr-3">{daysLabel(s.days)}</td>
                    <td className="py-2 pr-3">
                      {s.time} {s.timezone}
                    </td>
                    <td className="py-2 pr-3">{at(s.nextOccurrenceAt)}</td>
                    <td className="py-2 pr-3">{at(s.lastOccurrenceAt)}</td>
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
