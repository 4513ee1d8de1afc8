import type { DbHandle } from '../db/client';
import type { AccountsContext, Actor } from './accounts';
import { acceptInvitation, cookieHeader, currentActor, signUpCompany } from './accounts';
import { createAuth } from './auth';
import type { Mail, Mailer } from './mail';
import type { Role } from './roles';
import { createSignInLimiter } from './sign-in-limiter';

export const TEST_BASE_URL = 'http://localhost:3999';
export const TEST_APP_SECRET = 'test-secret-test-secret-test-secret-0123';

/** A mailer that keeps what it would send. */
export function memoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { sent, send: async (mail) => void sent.push(mail) };
}

export function accountsContext(handle: DbHandle, mailer: Mailer = memoryMailer()) {
  // A developer's machine: the base URL is loopback, so sandbox webhooks may target loopback too.
  const config = {
    appSecret: TEST_APP_SECRET,
    publicBaseUrl: TEST_BASE_URL,
    webhookAllowPrivate: true,
  };
  const auth = createAuth(handle.db, { config, mailer });
  const ctx: AccountsContext = { db: handle.db, auth, config, limiter: createSignInLimiter() };
  return { ...ctx, appSecret: TEST_APP_SECRET };
}

export interface Member {
  actor: Actor;
  headers: Headers;
}

function requestHeaders(cookies: string[] = []): Headers {
  const headers = new Headers({ origin: TEST_BASE_URL, 'x-aj-client-address': '127.0.0.1' });
  if (cookies.length > 0) headers.set('cookie', cookieHeader(cookies));
  return headers;
}

let counter = 0;

/** Signs a new company up; returns its Owner. */
export async function signUpTestCompany(ctx: AccountsContext, name = 'Test Co'): Promise<Member> {
  counter += 1;
  const email = `owner${counter}.${Date.now()}@example.com`;
  const result = await signUpCompany(
    ctx,
    { companyName: name, email, password: 'correct horse battery' },
    requestHeaders(),
  );
  if (!result.ok) throw new Error(`sign-up failed: ${result.message}`);
  const headers = requestHeaders(result.cookies);
  const actor = await currentActor(ctx, headers);
  if (!actor) throw new Error('no actor after sign-up');
  return { actor, headers };
}

/** Invites and admits a member with `role` into the owner's company. */
export async function addTestMember(
  ctx: AccountsContext,
  owner: Member,
  role: Exclude<Role, 'owner'>,
): Promise<Member> {
  counter += 1;
  const email = `${role}${counter}.${Date.now()}@example.com`;
  const invitation = await ctx.auth.api.createInvitation({
    body: { email, role, organizationId: owner.actor.organizationId },
    headers: owner.headers,
  });
  const accepted = await acceptInvitation(
    ctx,
    { invitationId: invitation.id, password: 'member password 1' },
    requestHeaders(),
    '127.0.0.1',
  );
  if (!accepted.ok) throw new Error(`accept failed: ${accepted.message}`);
  const headers = requestHeaders(accepted.cookies);
  const actor = await currentActor(ctx, headers);
  if (!actor) throw new Error('no actor after accepting');
  return { actor, headers };
}
