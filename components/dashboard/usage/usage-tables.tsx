import Link from 'next/link';
import type { KeyUsage, RouteUsage, UsageCounts } from '@/lib/usage/reads';
import { formatCount, formatRate } from '@/lib/dashboard/usage-view';
import { ScrollTable } from '../scroll-table';

const COUNT_HEADINGS = ['Requests', 'Errors', 'Error rate', 'Rate-limited', 'Quota-refused'];

function CountCells({ counts }: { counts: UsageCounts & { errorRate: number } }) {
  return (
    <>
      <td className="py-2 pr-3">{formatCount(counts.requests)}</td>
      <td className="py-2 pr-3">{formatCount(counts.clientErrors + counts.serverErrors)}</td>
      <td className="py-2 pr-3">{formatRate(counts.errorRate)}</td>
      <td className="py-2 pr-3">{formatCount(counts.rateLimited)}</td>
      <td className="py-2 pr-3">{formatCount(counts.quotaRefused)}</td>
    </>
  );
}

function Headings({ first, extra }: { first: string; extra?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-300">
        {[first, ...COUNT_HEADINGS].map((h) => (
          <th key={h} scope="col" className="py-2 pr-3">
            {h}
          </th>
        ))}
        {extra !== undefined ? (
          <th scope="col" className="py-2">
            <span className="sr-only">{extra}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

/** Requests per key over the period; each key links to its own charts. */
export function KeyUsageTable({
  keys,
  hrefForKey,
  selectedKeyId,
}: {
  keys: KeyUsage[];
  hrefForKey: (keyId: string) => string;
  selectedKeyId: string | undefined;
}) {
  if (keys.length === 0) {
    return <p className="text-slate-700">No requests with any key in this period.</p>;
  }
  return (
    <ScrollTable label="Usage by key table">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <Headings first="Key" extra="Charts" />
        <tbody>
          {keys.map((k) => {
            const name = k.name ?? k.prefix;
            return (
              <tr key={k.keyId} className="border-b border-slate-200 align-top">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {name}
                  {k.revoked ? ' (revoked)' : ''}
                  <br />
                  <span className="font-mono text-xs break-all">{k.prefix}</span>
                </th>
                <CountCells counts={k} />
                <td className="py-2">
                  {selectedKeyId === k.keyId ? (
                    <span className="text-slate-700">Shown above</span>
                  ) : (
                    <Link
                      href={hrefForKey(k.keyId)}
                      className="inline-flex min-h-11 items-center font-semibold text-brand underline focus-visible:outline-2 focus-visible:outline-brand"
                    >
                      Charts<span className="sr-only"> for {name}</span>
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** Requests per route template over the period, busiest first. */
export function RouteUsageTable({ routes }: { routes: RouteUsage[] }) {
  if (routes.length === 0) {
    return <p className="text-slate-700">No requests in this period.</p>;
  }
  return (
    <ScrollTable label="Usage by route table">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <Headings first="Route" />
        <tbody>
          {routes.map((r) => (
            <tr key={r.route} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal break-all">
                {r.route}
              </th>
              <CountCells counts={r} />
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
