export interface ApiKeyHelpProps {
  /** "Where do I find my API key?", in the journey's language. */
  summary: string;
  /** That the key stays between the person and the maker. */
  privacy: string;
  /** The OEM's steps to its API key, from the catalogs; nothing is shown without them. */
  steps: readonly string[] | null | undefined;
}

/**
 * "Where do I find my API key?": a native disclosure (works before the page's scripts, with a
 * keyboard and a screen reader alike) holding the OEM's own steps.
 */
export function ApiKeyHelp({ summary, privacy, steps }: ApiKeyHelpProps) {
  if (!steps?.length) return null;
  return (
    <details className="rounded-lg border border-slate-300 px-4 py-3 text-sm text-slate-700">
      <summary className="cursor-pointer font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-brand">
        {summary}
      </summary>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="mt-2 text-slate-600">{privacy}</p>
    </details>
  );
}
