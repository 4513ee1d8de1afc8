import type { Funnel } from '@/lib/embed/funnel';

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
        <table className="w-full text-left text-sm">
          <caption className="text-left font-semibold">By maker</caption>
          <thead>
            <tr className="border-b border-slate-300">
              {['Maker', 'Chosen', 'Connected'].map((h) => (
                <th key={h} scope="col" className="py-2 pr-3">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {funnel.oems.map((o) => (
              <tr key={o.oem} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 font-mono font-medium">
                  {o.oem}
                </th>
                <td className="py-2 pr-3">{o.selected}</td>
                <td className="py-2 pr-3">{o.connected}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {funnel.errors.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="text-left font-semibold">Errors shown</caption>
          <thead>
            <tr className="border-b border-slate-300">
              {['Code', 'Times'].map((h) => (
                <th key={h} scope="col" className="py-2 pr-3">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {funnel.errors.map((e) => (
              <tr key={e.code} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 font-mono font-medium">
                  {e.code}
                </th>
                <td className="py-2 pr-3">{e.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
