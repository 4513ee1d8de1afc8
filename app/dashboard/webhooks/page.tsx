import type { Metadata } from 'next';
import { ActionButton } from '@/components/dashboard/action-button';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { EndpointForm } from '@/components/dashboard/endpoint-form';
import { getDb } from '@/lib/db/client';
import { listEndpointsWithDeliveries } from '@/lib/dashboard/reads';
import {
  disableEndpointAction,
  enableEndpointAction,
  finishRotationAction,
  replayEventAction,
  rotateSecretAction,
  testEndpointAction,
} from '../actions';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Webhooks · Auth Journey dashboard' };

export default async function WebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const endpoints = await listEndpointsWithDeliveries(await getDb(), environment, actor.customerId);
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/webhooks"
      environment={environment}
      title="Webhooks"
    >
      <Section id="new-endpoint" title="New endpoint">
        <p className="text-slate-700">
          Events are signed per Standard Webhooks (<code>webhook-id</code>,{' '}
          <code>webhook-timestamp</code>, <code>webhook-signature</code>) with the endpoint&apos;s
          signing secret.
        </p>
        <EndpointForm environment={environment} />
      </Section>
      {endpoints.length === 0 ? (
        <p className="text-slate-700">No endpoints in this environment yet.</p>
      ) : null}
      {endpoints.map((endpoint) => {
        const fields = { environment, endpointId: endpoint.endpointId };
        return (
          <Section key={endpoint.endpointId} id={`ep-${endpoint.endpointId}`} title={endpoint.url}>
            <p className="text-sm text-slate-700">
              <span className="font-mono">{endpoint.endpointId}</span> ·{' '}
              {endpoint.enabled ? 'Enabled' : `Disabled (${endpoint.disabledReason ?? 'by you'})`} ·
              added {formatDate(endpoint.createdAt)}
              {endpoint.rotating ? ' · secret rotation under way: both secrets sign' : ''}
            </p>
            <div className="flex flex-wrap items-start gap-2">
              {endpoint.enabled ? (
                <ActionButton action={testEndpointAction} label="Send test event" fields={fields} />
              ) : null}
              {endpoint.rotating ? (
                <ActionButton
                  action={finishRotationAction}
                  label="Finish rotation"
                  confirm="Remove old secret"
                  fields={fields}
                />
              ) : (
                <ActionButton
                  action={rotateSecretAction}
                  label="Rotate secret"
                  fields={fields}
                  secret={{
                    field: 'secret',
                    label: 'Signing secret',
                    note: 'The new secret, shown once. Both secrets sign until you finish the rotation.',
                  }}
                />
              )}
              {endpoint.enabled ? (
                <ActionButton
                  action={disableEndpointAction}
                  label="Disable"
                  fields={fields}
                  tone="danger"
                />
              ) : (
                <ActionButton action={enableEndpointAction} label="Enable" fields={fields} />
              )}
            </div>
            <ScrollTable label="Delivery log">
              <table className="w-full min-w-[40rem] text-left text-sm">
                <caption className="mb-2 text-left font-semibold">Delivery log</caption>
                <thead>
                  <tr className="border-b border-slate-300">
                    {[
                      'Event type',
                      'Status',
                      'Attempts',
                      'Last status code',
                      'Error',
                      'Created',
                      '',
                    ].map((h, i) => (
                      <th key={i} scope="col" className="py-2 pr-3">
                        {h || <span className="sr-only">Actions</span>}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {endpoint.deliveries.length === 0 ? (
                    <tr>
                      <td colSpan={7} className="py-2 text-slate-700">
                        Nothing delivered yet.
                      </td>
                    </tr>
                  ) : null}
                  {endpoint.deliveries.map((d) => (
                    <tr key={d.deliveryId} className="border-b border-slate-200 align-top">
                      <td className="py-2 pr-3 font-mono">{d.eventType}</td>
                      <td className="py-2 pr-3">{d.status}</td>
                      <td className="py-2 pr-3">{d.attempts}</td>
                      <td className="py-2 pr-3">{d.lastStatusCode ?? '—'}</td>
                      <td className="py-2 pr-3">{d.lastError ?? '—'}</td>
                      <td className="py-2 pr-3">{formatDate(d.createdAt)}</td>
                      <td className="py-2">
                        <ActionButton
                          action={replayEventAction}
                          label="Replay"
                          fields={{ environment, eventId: d.eventId }}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </Section>
        );
      })}
    </DashboardFrame>
  );
}
