import { randomBytes } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DemoDevices } from '@/components/demo/demo-devices';
import { DemoInbox } from '@/components/demo/demo-inbox';
import { RedirectResult } from '@/components/demo/redirect-result';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { listInbox } from '@/lib/demo/inbox';
import { listDemoDevices } from '@/lib/demo/devices';
import { DEMO_APP_ID, DEMO_APP_NAME } from '@/lib/seed';
import { disconnectDemoDevice } from './demo-actions';
import './site.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Auth Journey demo' };

interface DemoPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const TEST_CREDENTIALS = [
  ['user_good / key_good', 'pass_good', 'Success, 2 devices'],
  ['user_mfa', 'pass_good', 'Asks for a code: 123456 passes'],
  ['user_many', 'pass_good', 'Success, 25 devices'],
  ['user_no_devices', 'pass_good', 'No devices found'],
  ['user_locked', 'any', 'Account locked'],
  ['user_oem_down', 'any', 'Manufacturer unavailable (retry offered)'],
  ['anything else', '—', 'Invalid credentials (retry offered)'],
];

/** The demo Customer App: launches a journey, shows what came back, and the webhooks it received. */
export default async function DemoPage({ searchParams }: DemoPageProps) {
  // The demo is for a developer's machine (DEMO, README): elsewhere there is no page here.
  if (!getConfig().demo) notFound();
  const params = await searchParams;
  const result = Object.fromEntries(
    Object.entries(params).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
  );
  const userId = result.userId ?? 'demo-user';
  const devices = await listDemoDevices(await getDb(), userId);
  const state = randomBytes(8).toString('hex');

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-8 px-4 py-10">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold tracking-tight">{DEMO_APP_NAME}</h1>
        <p className="text-slate-600">
          A demo Customer App. Launch the Auth Journey as one of its users, connect a simulated
          device with the sandbox test credentials, and watch the redirect and the signed webhooks
          come back.
        </p>
      </header>

      <p className="rounded-lg bg-white p-4 text-slate-700 ring-1 ring-slate-200">
        Building your own energy app?{' '}
        <Link href="/signup" className="font-semibold text-brand underline">
          Create an account
        </Link>{' '}
        for your own sandbox app, API keys and webhooks, or{' '}
        <Link href="/login" className="font-semibold text-brand underline">
          sign in to the dashboard
        </Link>
        . The{' '}
        <Link href="/docs" className="font-semibold text-brand underline">
          documentation
        </Link>{' '}
        explains the journey, the API and webhooks.
      </p>

      {result.status ? <RedirectResult params={result} /> : null}

      <section
        aria-labelledby="launch"
        className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200"
      >
        <h2 id="launch" className="text-xl font-semibold">
          Connect a device
        </h2>
        <form
          action="/journey"
          method="get"
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
        >
          <input type="hidden" name="appId" value={DEMO_APP_ID} />
          <input type="hidden" name="state" value={state} />
          <input type="hidden" name="environment" value="sandbox" />
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor="userId" className="text-sm font-medium">
              User id
            </label>
            <input
              id="userId"
              name="userId"
              defaultValue={userId}
              required
              maxLength={256}
              className="min-h-11 rounded-lg border border-slate-500 px-3"
            />
          </div>
          <button
            type="submit"
            className="min-h-11 rounded-lg bg-brand px-5 font-semibold text-white hover:bg-brand-strong"
          >
            Launch journey
          </button>
        </form>
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Sandbox test credentials</summary>
          <table className="mt-2 w-full text-left">
            <thead>
              <tr className="text-slate-500">
                <th className="py-1 pr-2 font-medium">Username / API key</th>
                <th className="py-1 pr-2 font-medium">Password</th>
                <th className="py-1 font-medium">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {TEST_CREDENTIALS.map(([user, pass, outcome]) => (
                <tr key={user} className="border-t border-slate-100">
                  <td className="py-1 pr-2 font-mono">{user}</td>
                  <td className="py-1 pr-2 font-mono">{pass}</td>
                  <td className="py-1">{outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <DemoDevices userId={userId} devices={devices} onDisconnect={disconnectDemoDevice} />
      <DemoInbox entries={listInbox()} />
    </main>
  );
}
