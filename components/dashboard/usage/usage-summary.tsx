import type { Environment } from '@/lib/db/schema';
import type {
  AllowanceUse,
  KeyRate,
  MonthQuotaUsage,
  Plan,
  UnusualPattern,
} from '@/lib/usage/reads';
import { UNUSUAL_RULE, limitsForKey } from '@/lib/usage/reads';
import { formatCount, formatRate, shareOf } from '@/lib/dashboard/usage-view';
import { findOem } from '@/lib/oem/catalogue';
import { ScrollTable } from '../scroll-table';

export const PLAN_LABELS: Record<Plan, string> = {
  starter: 'Starter',
  pro: 'Pro',
  enterprise: 'Enterprise',
};

const formatDay = (date: Date) => date.toISOString().slice(0, 10);

/** A share as a bar (decoration) with the numbers in words beside it. */
function Gauge({ share, label }: { share: number; label: string }) {
  return (
    <div className="flex flex-col gap-1">
      <p className="text-slate-800">{label}</p>
      <div className="h-3 w-full max-w-md rounded-full bg-slate-200" aria-hidden="true">
        <div
          className={`h-3 rounded-full ${share >= 0.9 ? 'bg-red-700' : 'bg-brand'}`}
          style={{ width: `${Math.round(share * 1000) / 10}%` }}
        />
      </div>
    </div>
  );
}

interface PlanSummaryProps {
  environment: Environment;
  company: { plan: Plan; rateLimit: number; monthlyQuota: number };
  sandboxRateLimit: number;
  keys: KeyRate[];
}

/** The plan, the rate every key gets in this environment, and keys with a lower rate of their own. */
export function PlanSummary({ environment, company, sandboxRateLimit, keys }: PlanSummaryProps) {
  const rateOf = (keyRateLimit: number | null) =>
    limitsForKey({ environment, customer: company, keyRateLimit, sandboxRateLimit }).rate;
  const own = keys.filter((k) => k.rateLimit !== null && rateOf(k.rateLimit) < rateOf(null));
  return (
    <div className="flex flex-col gap-3 text-slate-800">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">Plan</dt>
        <dd>{PLAN_LABELS[company.plan]}</dd>
        <dt className="font-medium">Live keys</dt>
        <dd>
          {formatCount(company.rateLimit)} requests/s per key; {formatCount(company.monthlyQuota)}{' '}
          requests a month, all live keys together
        </dd>
        <dt className="font-medium">Sandbox keys</dt>
        <dd>{formatCount(sandboxRateLimit)} requests/s per key; no monthly quota</dd>
      </dl>
      {own.length > 0 ? (
        <>
          <p>Keys with a lower rate of their own in this environment:</p>
          <ul className="list-disc pl-5">
            {own.map((k) => (
              <li key={k.keyId}>
                {k.name ?? k.prefix} (<span className="font-mono text-sm">{k.prefix}</span>):{' '}
                {formatCount(rateOf(k.rateLimit))} requests/s
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The month's quota use, or that sandbox has none. */
export function QuotaSummary({ quota }: { quota: MonthQuotaUsage }) {
  const share = shareOf(quota.used, quota.limit);
  if (quota.limit === null || share === null) {
    return (
      <p className="text-slate-800">
        {formatCount(quota.used)} requests this month (since {formatDay(quota.month)}). Sandbox has
        no monthly quota.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      <Gauge
        share={share}
        label={`${formatCount(quota.used)} of ${formatCount(quota.limit)} requests used this month (${formatRate(share)}); ${formatCount(quota.remaining ?? 0)} left.`}
      />
      <p className="text-sm text-slate-700">
        The quota renews on {formatDay(quota.resetsAt)} at 00:00 UTC. Over it, requests are refused
        with <code>QUOTA_EXCEEDED</code> until then.
      </p>
    </div>
  );
}

/** Live devices against the global cap and each OEM's cap. */
export function AllowanceSummary({ allowance }: { allowance: AllowanceUse | undefined }) {
  if (!allowance) return <p className="text-slate-700">No allowance information.</p>;
  const globalShare = shareOf(allowance.devices, allowance.globalCap);
  return (
    <div className="flex flex-col gap-3">
      {globalShare === null || allowance.globalCap === null ? (
        <p className="text-slate-800">
          {formatCount(allowance.devices)} live devices; no overall cap.
        </p>
      ) : (
        <Gauge
          share={globalShare}
          label={`${formatCount(allowance.devices)} of ${formatCount(allowance.globalCap)} live devices (${formatRate(globalShare)}).`}
        />
      )}
      {allowance.overage > 0 ? (
        <p className="text-slate-800">
          {formatCount(allowance.overage)} devices are beyond a cap: their state is withheld until
          the cap is raised.
        </p>
      ) : null}
      {allowance.oems.length > 0 ? (
        <ScrollTable label="Allowance by manufacturer table">
          <table className="w-full min-w-[28rem] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {['Manufacturer', 'Devices', 'Cap', 'Beyond cap'].map((h) => (
                  <th key={h} scope="col" className="py-2 pr-3">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {allowance.oems.map((o) => (
                <tr key={o.oem} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {findOem(o.oem)?.name ?? o.oem}
                  </th>
                  <td className="py-2 pr-3">{formatCount(o.devices)}</td>
                  <td className="py-2 pr-3">{o.cap === null ? 'None' : formatCount(o.cap)}</td>
                  <td className="py-2 pr-3">{formatCount(o.overage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : null}
      <p className="text-sm text-slate-700">Allowances apply to live devices; sandbox has none.</p>
    </div>
  );
}

const RULE_TEXT =
  `An hour is flagged when a key makes at least ${UNUSUAL_RULE.minVolume} requests and ` +
  `${UNUSUAL_RULE.volumeFactor}× its hourly average of the previous 7 days, or when at least ` +
  `${UNUSUAL_RULE.minRequestsForErrorRate} requests answer with an error rate ` +
  `${UNUSUAL_RULE.errorRateJump * 100} percentage points above the key's usual one. ` +
  `A key needs ${UNUSUAL_RULE.minHistoryHours} hours of history first.`;

/** Flagged hours of the last day, each with its sentence, and the rule that flags them. */
export function UnusualPatterns({
  patterns,
  keyName,
}: {
  patterns: UnusualPattern[];
  keyName: (keyId: string) => string;
}) {
  return (
    <div className="flex flex-col gap-3">
      {patterns.length === 0 ? (
        <p className="text-slate-800">Nothing unusual in the last 24 hours.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {patterns.map((p) => (
            <li
              key={`${p.keyId}-${p.kind}-${p.hour.getTime()}`}
              className="rounded-lg border-l-4 border-red-700 bg-red-50 p-3 text-slate-900"
            >
              <p className="font-semibold">
                {p.kind === 'volume' ? 'Volume jump' : 'Error rate jump'} · {keyName(p.keyId)}
              </p>
              <p>{p.explanation}</p>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm text-slate-700">{RULE_TEXT}</p>
    </div>
  );
}
