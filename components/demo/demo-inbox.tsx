import type { InboxEntry } from '@/lib/demo/inbox';

export interface DemoInboxProps {
  entries: InboxEntry[];
}

/** The webhooks the demo app received and verified, newest first (what does not verify is dropped). */
export function DemoInbox({ entries }: DemoInboxProps) {
  return (
    <section
      aria-labelledby="webhooks"
      className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200"
    >
      <h2 id="webhooks" className="text-xl font-semibold">
        Webhooks received
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">None yet. Connect a device and reload this page.</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {entries.map((entry) => (
            <li key={entry.webhookId} className="rounded-lg border border-slate-200 p-3 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono font-semibold">{entry.type}</span>
                <span className="text-emerald-700">signature verified</span>
                {entry.deliveries > 1 ? (
                  <span className="text-slate-500">delivered {entry.deliveries}×</span>
                ) : null}
              </p>
              <p className="font-mono text-xs text-slate-500">
                {entry.webhookId} · {entry.receivedAt}
              </p>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                {JSON.stringify(entry.data, null, 2)}
              </pre>
              {typeof entry.data.reconnectionUrl === 'string' ? (
                <a className="text-brand underline" href={entry.data.reconnectionUrl}>
                  Reconnect {String(entry.data.deviceId ?? '')}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
