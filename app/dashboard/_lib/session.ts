import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Actor } from '@/lib/accounts';
import { currentActor } from '@/lib/accounts';
import { getProcessAccounts } from '@/lib/accounts/process';
import { CLIENT_ADDRESS_HEADER } from '@/lib/security/client-address';

/**
 * The incoming request's headers, as a mutable copy for the accounts library, with the cookies as
 * this request now sees them: a server action that replaces the session (turning two-factor on does)
 * renders the page again in the same request, and must find the new session, not the one the browser
 * sent (already deleted).
 */
export async function requestHeaders(): Promise<Headers> {
  const copy = new Headers(await headers());
  const jar = (await cookies()).toString();
  if (jar) copy.set('cookie', jar);
  else copy.delete('cookie');
  return copy;
}

export async function clientAddress(): Promise<string> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}

/** The signed-in member, or null. */
export async function getActor(): Promise<Actor | null> {
  const accounts = await getProcessAccounts();
  return currentActor(accounts, await requestHeaders());
}

/** The signed-in member; anyone else goes to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  return actor;
}
