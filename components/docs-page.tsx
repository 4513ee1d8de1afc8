import Link from 'next/link';

/** A documentation page: our own markdown from docs/, rendered on the server. */
export function DocsPage({ html }: { html: string }) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-4 py-8">
      <nav aria-label="Documentation" className="flex flex-wrap gap-4 text-sm font-semibold">
        <Link href="/docs" className="text-brand underline">
          Documentation
        </Link>
        <Link href="/docs/api" className="text-brand underline">
          API reference
        </Link>
        <Link href="/dashboard" className="text-brand underline">
          Dashboard
        </Link>
      </nav>
      <main
        className="docs flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200"
        // Our own documentation from the repository, not user input.
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </div>
  );
}
