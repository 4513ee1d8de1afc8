import { isAPIError } from 'better-auth/api';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { createCustomer, createCustomerApp } from '../customers';
import type { Db } from '../db/client';
import type { Auth } from './auth';
import { memberActor } from './audit';
import type { Role } from './roles';
import { isRole } from './roles';
import type { SignInLimiter } from './sign-in-limiter';
import { authInvitations, authMembers, authOrganizations, authUsers } from './tables';
import type { SignInInput, SignUpInput } from './schemas';
import type { Failure } from './result';
import { failure } from './result';

export interface AccountsContext {
  db: Db;
  auth: Auth;
  config: Pick<Config, 'publicBaseUrl'>;
  limiter: SignInLimiter;
}

/** Who is signed in to the dashboard, and for which company. */
export interface Actor {
  userId: string;
  email: string;
  memberId: string;
  organizationId: string;
  customerId: string;
  companyName: string;
  role: Role;
}

/** The demo page of this server: where a new company's sandbox app sends end users back. */
function demoPageUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl}/`;
}

/**
 * Signs a company up: its first member (the library hashes the password and opens the session), the
 * customer (sandbox on, live off), its organization with the member as Owner, and a sandbox Customer App
 * redirecting to the demo page, so a journey can be launched at once.
 */
export async function signUpCompany(
  ctx: AccountsContext,
  input: SignUpInput,
  headers: Headers,
): Promise<{ ok: true; customerId: string; appId: string; cookies: string[] } | Failure> {
  const email = input.email.trim().toLowerCase();
  let userId: string;
  let cookies: string[];
  try {
    const result = await ctx.auth.api.signUpEmail({
      body: { name: email, email, password: input.password },
      headers,
      returnHeaders: true,
    });
    userId = result.response.user.id;
    cookies = result.headers.getSetCookie();
  } catch (error) {
    if (isAPIError(error)) {
      const code = (error.body as { code?: string } | undefined)?.code;
      if (code === 'USER_ALREADY_EXISTS' || code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
        return failure('EMAIL_TAKEN', 'An account with this email exists. Sign in instead.', {
          email: 'An account with this email exists',
        });
      }
      if (code === 'PASSWORD_TOO_SHORT' || code === 'PASSWORD_TOO_LONG') {
        return failure('VALIDATION_ERROR', 'Choose another password.', { password: error.message });
      }
      return failure('VALIDATION_ERROR', error.message);
    }
    throw error;
  }
  const actor = memberActor(email);
  try {
    const { customerId } = await createCustomer(ctx.db, { name: input.companyName }, { actor });
    await ctx.auth.api.createOrganization({
      body: { name: input.companyName, slug: customerId, userId, customerId },
    });
    const { appId } = await createCustomerApp(
      ctx.db,
      {
        customerId,
        appName: `${input.companyName} sandbox app`.slice(0, 80),
        redirectUrl: demoPageUrl(ctx.config.publicBaseUrl),
        reconnectRedirectUrl: demoPageUrl(ctx.config.publicBaseUrl),
      },
      { actor },
    );
    return { ok: true, customerId, appId, cookies };
  } catch (error) {
    // Nothing half-made: without its company the account could never be used, so it goes.
    await ctx.db.delete(authUsers).where(eq(authUsers.id, userId));
    throw error;
  }
}

/**
 * Signs a member in. Failed tries spend the account's and the address's budgets; a spent budget
 * refuses without checking the password. With TOTP on, the second step follows (`twoFactor`).
 */
export async function signIn(
  ctx: AccountsContext,
  input: SignInInput,
  headers: Headers,
  clientAddress: string,
): Promise<{ ok: true; twoFactor: boolean; cookies: string[] } | Failure> {
  const email = input.email.trim().toLowerCase();
  const wait = await ctx.limiter.wait(email, clientAddress);
  if (wait > 0) return tooMany(wait);
  try {
    const result = await ctx.auth.api.signInEmail({
      body: { email, password: input.password },
      headers,
      returnHeaders: true,
    });
    const twoFactor = 'twoFactorRedirect' in result.response && result.response.twoFactorRedirect;
    if (!twoFactor) await ctx.limiter.succeed(email);
    return { ok: true, twoFactor: Boolean(twoFactor), cookies: result.headers.getSetCookie() };
  } catch (error) {
    if (isAPIError(error) && (error.status === 'UNAUTHORIZED' || error.statusCode === 401)) {
      await ctx.limiter.fail(email, clientAddress);
      return failure('INVALID_CREDENTIALS', 'Email or password is wrong.');
    }
    throw error;
  }
}

/** The second sign-in step: the TOTP code, under the same budgets. */
export async function verifySignInCode(
  ctx: AccountsContext,
  code: string,
  headers: Headers,
  clientAddress: string,
): Promise<{ ok: true; cookies: string[] } | Failure> {
  const key = `totp:${clientAddress}`;
  const wait = await ctx.limiter.wait(key, clientAddress);
  if (wait > 0) return tooMany(wait);
  try {
    const result = await ctx.auth.api.verifyTOTP({ body: { code }, headers, returnHeaders: true });
    return { ok: true, cookies: result.headers.getSetCookie() };
  } catch (error) {
    if (isAPIError(error)) {
      await ctx.limiter.fail(key, clientAddress);
      return failure('INVALID_CODE', 'That code is not right. Try the current one.', {
        code: 'That code is not right',
      });
    }
    throw error;
  }
}

function tooMany(seconds: number): Failure {
  const minutes = Math.ceil(seconds / 60);
  return failure(
    'TOO_MANY_ATTEMPTS',
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    undefined,
    429,
  );
}

/** The signed-in member and their company, or null (no session, or no company). */
export async function currentActor(
  ctx: Pick<AccountsContext, 'db' | 'auth'>,
  headers: Headers,
): Promise<Actor | null> {
  const session = await ctx.auth.api.getSession({ headers });
  if (!session) return null;
  const active =
    (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  const [row] = await ctx.db
    .select({
      memberId: authMembers.id,
      role: authMembers.role,
      organizationId: authOrganizations.id,
      customerId: authOrganizations.customerId,
      companyName: authOrganizations.name,
    })
    .from(authMembers)
    .innerJoin(authOrganizations, eq(authOrganizations.id, authMembers.organizationId))
    .where(and(eq(authMembers.userId, session.user.id)))
    .orderBy(
      active ? sql`(${authOrganizations.id} = ${active}) desc` : asc(authMembers.createdAt),
      asc(authMembers.createdAt),
    )
    .limit(1);
  if (!row || !isRole(row.role)) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    memberId: row.memberId,
    organizationId: row.organizationId,
    customerId: row.customerId,
    companyName: row.companyName,
    role: row.role,
  };
}

/** A pending, unexpired invitation, for its acceptance page. */
export async function findOpenInvitation(
  db: Db,
  invitationId: string,
  now: Date = new Date(),
): Promise<{
  id: string;
  email: string;
  role: string;
  companyName: string;
  hasAccount: boolean;
} | null> {
  const [row] = await db
    .select({
      id: authInvitations.id,
      email: authInvitations.email,
      role: authInvitations.role,
      status: authInvitations.status,
      expiresAt: authInvitations.expiresAt,
      companyName: authOrganizations.name,
      userId: authUsers.id,
    })
    .from(authInvitations)
    .innerJoin(authOrganizations, eq(authOrganizations.id, authInvitations.organizationId))
    .leftJoin(authUsers, eq(authUsers.email, authInvitations.email))
    .where(eq(authInvitations.id, invitationId));
  if (!row || row.status !== 'pending' || row.expiresAt <= now) return null;
  return {
    id: row.id,
    email: row.email,
    role: row.role ?? 'viewer',
    companyName: row.companyName,
    hasAccount: row.userId !== null,
  };
}

/**
 * Accepts an invitation: the invitee sets a password (a new account) or gives theirs (an existing one,
 * under the sign-in budgets), and joins the company with the invited role.
 */
export async function acceptInvitation(
  ctx: AccountsContext,
  input: { invitationId: string; password: string },
  headers: Headers,
  clientAddress: string,
): Promise<{ ok: true; cookies: string[] } | Failure> {
  const invitation = await findOpenInvitation(ctx.db, input.invitationId);
  if (!invitation) {
    return failure(
      'INVITATION_INVALID',
      'This invitation is no longer valid. Ask for a new one.',
      undefined,
      404,
    );
  }
  let cookies: string[];
  if (invitation.hasAccount) {
    const signedIn = await signIn(
      ctx,
      { email: invitation.email, password: input.password },
      headers,
      clientAddress,
    );
    if (!signedIn.ok) return signedIn;
    if (signedIn.twoFactor) {
      return failure(
        'TWO_FACTOR_REQUIRED',
        'Sign in with your code first, then open the link again.',
      );
    }
    cookies = signedIn.cookies;
  } else {
    try {
      const created = await ctx.auth.api.signUpEmail({
        body: { name: invitation.email, email: invitation.email, password: input.password },
        headers,
        returnHeaders: true,
      });
      cookies = created.headers.getSetCookie();
    } catch (error) {
      if (isAPIError(error))
        return failure('VALIDATION_ERROR', error.message, { password: error.message });
      throw error;
    }
  }
  const withSession = new Headers(headers);
  withSession.set('cookie', cookieHeader(cookies));
  await ctx.auth.api.acceptInvitation({
    body: { invitationId: invitation.id },
    headers: withSession,
  });
  return { ok: true, cookies };
}

/** The Cookie header a browser would send back after these Set-Cookie headers. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((c) => c.split(';')[0] ?? '')
    .filter((pair) => pair.includes('=') && !pair.endsWith('='))
    .join('; ');
}
