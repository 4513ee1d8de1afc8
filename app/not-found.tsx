import { connection } from 'next/server';

/** Rendered per request (not prerendered) so that its scripts carry the response's CSP nonce. */
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-3 px-4">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-700">There is nothing at this address.</p>
    </main>
  );
}
