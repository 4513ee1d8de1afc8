import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { organization, twoFactor } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import {
  adminAc,
  defaultStatements,
  memberAc,
  ownerAc,
} from 'better-auth/plugins/organization/access';
import type { Config } from '../config';
import { deriveSubkey } from '../crypto';
import type { Db } from '../db/client';
import { CLIENT_ADDRESS_HEADER } from '../security/client-address';
import type { Mailer } from './mail';
import { invitationMail } from './mail';
import { authSchema } from './tables';

/** Minimum length of a dashboard password. */
export const MIN_PASSWORD_LENGTH = 10;
/** A dashboard session lasts a week and is renewed on use once a day. */
const SESSION_SECONDS = 7 * 24 * 3600;

const ac = createAccessControl(defaultStatements);
/** The library's own checks on membership changes agree with ours (roles.ts), which run first. */
const libraryRoles = {
  owner: ac.newRole(ownerAc.statements),
  admin: ac.newRole(adminAc.statements),
  developer: ac.newRole(memberAc.statements),
  viewer: ac.newRole(memberAc.statements),
};

export type AuthDeps = {
  config: Pick<Config, 'appSecret' | 'publicBaseUrl'>;
  mailer: Mailer;
  /** Inside Next (server actions): set session cookies on the response. Off in the bare server process. */
  nextCookies?: boolean;
};

/**
 * The dashboard's accounts library: better-auth on our database (Drizzle adapter), email + password,
 * companies as organizations (one per customer), optional TOTP. Its HTTP handler is never mounted:
 * the dashboard's server actions call its API, so every entry point passes our guard and budgets.
 */
export function createAuth(db: Db, deps: AuthDeps) {
  const { config, mailer } = deps;
  return betterAuth({
    appName: 'Auth Journey',
    baseURL: config.publicBaseUrl,
    secret: Buffer.from(deriveSubkey(config.appSecret, 'dashboard-auth')).toString('base64url'),
    trustedOrigins: [config.publicBaseUrl],
    telemetry: { enabled: false },
    logger: { level: 'error' },
    database: drizzleAdapter(db, { provider: 'pg', schema: authSchema }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 3600 },
    // Sign-in budgets are ours (sign-in-limiter.ts): the library's limiter only sees its HTTP handler.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'aj',
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [
      organization({
        ac,
        roles: libraryRoles,
        creatorRole: 'owner',
        invitationExpiresIn: 7 * 24 * 3600,
        schema: {
          organization: {
            additionalFields: {
              customerId: { type: 'string', required: true, input: true, fieldName: 'customerId' },
            },
          },
        },
        async sendInvitationEmail(data) {
          await mailer.send(
            invitationMail({
              to: data.email,
              company: data.organization.name,
              inviter: data.inviter.user.email,
              url: invitationUrl(config.publicBaseUrl, data.id),
            }),
          );
        },
      }),
      twoFactor({ issuer: 'Auth Journey' }),
      // Last: sets the session cookies of calls made from server actions.
      ...(deps.nextCookies === false ? [] : [nextCookies()]),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The page where an invitee accepts an invitation. */
export function invitationUrl(publicBaseUrl: string, invitationId: string): string {
  return `${publicBaseUrl}/invite/${encodeURIComponent(invitationId)}`;
}
