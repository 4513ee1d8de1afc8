import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API reference · Auth Journey' };

const INIT = `window.addEventListener('load', function () { Redoc.init('/openapi.json', { disableSearch: true, hideDownloadButton: false, theme: { colors: { primary: { main: '#0f766e' } } } }, document.getElementById('redoc')); });`;

/** The API reference, rendered in the browser from /openapi.json by the bundled Redoc. */
export default async function ApiReferencePage() {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <>
      <nav
        aria-label="Documentation"
        className="flex flex-wrap gap-4 px-4 py-3 text-sm font-semibold"
      >
        <Link href="/docs" className="text-brand underline">
          Documentation
        </Link>
        <Link href="/dashboard" className="text-brand underline">
          Dashboard
        </Link>
        {/* oxlint-disable-next-line next/no-html-link-for-pages -- a JSON document, not a page */}
        <a href="/openapi.json" className="text-brand underline">
          OpenAPI document
        </a>
      </nav>
      <main id="redoc" className="bg-white">
        <h1 className="px-4 py-6 text-2xl font-semibold">Auth Journey API reference</h1>
        <noscript>
          <p className="px-4">
            The reference needs JavaScript. The raw OpenAPI document is at{' '}
            <code>/openapi.json</code>.
          </p>
        </noscript>
      </main>
      <script src="/docs/api/redoc" nonce={nonce} async />
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: INIT }} />
    </>
  );
}
