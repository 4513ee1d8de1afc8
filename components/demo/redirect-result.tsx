export interface RedirectResultProps {
  params: Record<string, string>;
}

/** What the journey's redirect brought back to the demo app. */
export function RedirectResult({ params }: RedirectResultProps) {
  const ok = params.status === 'success';
  return (
    <section
      aria-labelledby="result"
      className={`flex flex-col gap-3 rounded-2xl p-6 ring-1 ${ok ? 'bg-emerald-50 ring-emerald-200' : 'bg-amber-50 ring-amber-200'}`}
    >
      <h2 id="result" className="text-xl font-semibold">
        Journey result: {params.status}
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {Object.entries(params).map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-mono text-slate-600">{name}</dt>
            <dd className="font-mono break-all" data-param={name}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
