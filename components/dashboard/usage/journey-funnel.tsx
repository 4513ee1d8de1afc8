import type { Funnel } from '@/lib/embed/funnel';
import { findOem } from '@/lib/oem/catalogue';

const EVENT_LABELS: Record<string, string> = {
  OPEN: 'Opened',
  SELECT_DEVICE_TYPE: 'Chose a device type',
  SELECT_OEM: 'Chose a maker',
  SELECT_AUTH_METHOD: 'Chose how to sign in',
  SUBMIT_CREDENTIALS: 'Signed in',
  SUBMIT_MFA: 'Entered a verification code',
  SELECT_DEVICES: 'Chose devices',
  CONSENT: 'Allowed access',
  HANDOFF: 'Connected and returned',
  EXIT: 'Left or failed',
};

/** The journeys' conversion funnel: how many reached each step, per maker, and the errors shown. */
export function JourneyFunnel({ funnel }: { funnel: Funnel }) {
  const opened = funnel.steps.find((s) => s.event === 'OPEN')?.journeys ?? 0;
  if (opened === 0) return <p className="text-slate-700">No journeys in this period.</p>;
  const share = (n: number) => `${Math.round((n / opened) * 100)}%`;
  return (
    <div className="flex flex-col gap-4">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Journeys by step</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-3">
              Step
            </th>
            <th scope="col" className="py-2 pr-3">
              Journeys
            </th>
            <th scope="col" className="py-2 pr-3">
              Of opened
            </th>
          </tr>
        </thead>
        <tbody>
          {funnel.steps
            .filter((s) => s.event in EVENT_LABELS)
            .map((s) => (
              <tr key={s.event} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {EVENT_LABELS[s.event]}
                </th>
                <td className="py-2 pr-3">{s.journeys}</td>
                <td className="py-2 pr-3">{share(s.journeys)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {funnel.oems.length > 0 ? (
        <CountTable
          caption="By maker"
          headers={['Maker', 'Chosen', 'Connected']}
          rows={funnel.oems.map((o) => [findOem(o.oem)?.name ?? o.oem, o.selected, o.connected])}
        />
      ) : null}
      {funnel.errors.length > 0 ? (
        <CountTable
          caption="Errors shown"
          headers={['Code', 'Times']}
          rows={funnel.errors.map((e) => [e.code, e.count])}
        />
      ) : null}
    </div>
  );
}

/** A captioned table whose first column names each row (an OEM id, an error code). */
function CountTable({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: string[];
  rows: [string, ...number[]][];
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="text-left font-semibold">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          {headers.map((h) => (
            <th key={h} scope="col" className="py-2 pr-3">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, ...counts]) => (
          <tr key={name} className="border-b border-slate-200">
            <th scope="row" className="py-2 pr-3 font-mono font-medium">
              {name}
            </th>
            {counts.map((n, i) => (
              <td key={headers[i + 1]} className="py-2 pr-3">
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
