import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { deriveSubkey } from '../crypto';
import type { Environment } from '../vocabulary';
import { ENVIRONMENTS, JOURNEY_MODES, JOURNEY_STEPS } from '../vocabulary';

/**
 * Signed, short-lived JWTs (jose, HS256 pinned). Each kind has its own derived key, `typ`, and
 * audience, so a token of one kind can never be used as another. Claims are parsed with zod after the
 * signature and registered claims are verified — never cast.
 */

const ISSUER = 'auth-journey';
const ALG = 'HS256';

export const STEP_TOKEN_TTL_SECONDS = 10 * 60;
export const LAUNCH_TOKEN_TTL_SECONDS = 15 * 60;
export const RECONNECT_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
/** As long as a journey lives (60 minutes). */
export const RESUME_TOKEN_TTL_SECONDS = 60 * 60;

const environment = z.enum(ENVIRONMENTS);

const kinds = {
  step: {
    typ: 'aj-step+jwt',
    audience: 'auth-journey:step',
    ttl: STEP_TOKEN_TTL_SECONDS,
    claims: z.object({
      sid: z.string().min(1),
      env: environment,
      app: z.string().min(1),
      mode: z.enum(JOURNEY_MODES),
      step: z.enum(JOURNEY_STEPS),
      ver: z.number().int().positive(),
    }),
  },
  launch: {
    typ: 'aj-launch+jwt',
    audience: 'auth-journey:launch',
    ttl: LAUNCH_TOKEN_TTL_SECONDS,
    claims: z.object({
      app: z.string().min(1),
      uid: z.string().min(1),
      env: environment,
      state: z.string().optional(),
      /** Launch presets: the device type and OEM the app already knows. */
      dt: z.string().min(1).max(64).optional(),
      oem: z.string().min(1).max(64).optional(),
    }),
  },
  reconnect: {
    typ: 'aj-reconnect+jwt',
    audience: 'auth-journey:reconnect',
    ttl: RECONNECT_TOKEN_TTL_SECONDS,
    claims: z.object({
      jti: z.string().min(1),
      cred: z.string().min(1),
      env: environment,
    }),
  },
  /** The journey page's own address after launch: a reload finds its journey (never past sign-in). */
  resume: {
    typ: 'aj-resume+jwt',
    audience: 'auth-journey:resume',
    ttl: RESUME_TOKEN_TTL_SECONDS,
    claims: z.object({
      sid: z.string().min(1),
      env: environment,
      app: z.string().min(1),
    }),
  },
} as const;

type Kind = keyof typeof kinds;
type Claims<K extends Kind> = z.infer<(typeof kinds)[K]['claims']>;

export type StepClaims = Claims<'step'>;
export type LaunchClaims = Claims<'launch'>;
export type ReconnectClaims = Claims<'reconnect'>;
export type ResumeClaims = Claims<'resume'>;

export type TokenErrorReason = 'expired' | 'invalid';

export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    readonly reason: TokenErrorReason,
    /**
     * An expired token's claims (its signature was good): enough to say whose link it was, never
     * to act on it.
     */
    readonly expiredClaims?: unknown,
  ) {
    super(reason === 'expired' ? 'Token expired' : 'Token invalid');
  }
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Each kind's HMAC key, imported once per secret: jose given raw bytes would import a CryptoKey on
 * every sign and verify, a cost paid on every journey step.
 */
const signingKeys = new Map<string, Promise<CryptoKey>>();

function signingKey(kind: Kind, secret: string): Promise<CryptoKey> {
  const cacheKey = `${kind}\0${secret}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new Uint8Array(deriveSubkey(secret, `jwt:${kind}`)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    signingKeys.set(cacheKey, key);
  }
  return key;
}

async function sign<K extends Kind>(
  kind: K,
  claims: Claims<K>,
  secret: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const spec = kinds[kind];
  const iat = seconds(now);
  const exp = iat + spec.ttl;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALG, typ: spec.typ })
    .setIssuer(ISSUER)
    .setAudience(spec.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(await signingKey(kind, secret));
  return { token, expiresAt: new Date(exp * 1000) };
}

async function verify<K extends Kind>(
  kind: K,
  token: string,
  secret: string,
  now: Date,
): Promise<Claims<K>> {
  const spec = kinds[kind];
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
    throw new TokenError('invalid');
  }
  try {
    const { payload } = await jwtVerify(token, await signingKey(kind, secret), {
      algorithms: [ALG],
      typ: spec.typ,
      issuer: ISSUER,
      audience: spec.audience,
      currentDate: now,
      maxTokenAge: spec.ttl,
      requiredClaims: ['iat', 'exp', 'nbf'],
    });
    const parsed = spec.claims.safeParse(payload);
    if (!parsed.success) throw new TokenError('invalid');
    return parsed.data as Claims<K>;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof errors.JWTExpired) {
      const late = spec.claims.safeParse(error.payload);
      throw new TokenError('expired', late.success ? late.data : undefined);
    }
    throw new TokenError('invalid');
  }
}

export function signStepToken(claims: StepClaims, secret: string, now = new Date()) {
  return sign('step', claims, secret, now);
}

export function verifyStepToken(token: string, secret: string, now = new Date()) {
  return verify('step', token, secret, now);
}

export async function signLaunchToken(
  input: {
    appId: string;
    userId: string;
    environment: Environment;
    state?: string;
    deviceType?: string;
    oem?: string;
  },
  secret: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const claims: LaunchClaims = { app: input.appId, uid: input.userId, env: input.environment };
  if (input.state !== undefined) claims.state = input.state;
  if (input.deviceType !== undefined) claims.dt = input.deviceType;
  if (input.oem !== undefined) claims.oem = input.oem;
  return sign('launch', claims, secret, now);
}

export function verifyLaunchToken(token: string, secret: string, now = new Date()) {
  return verify('launch', token, secret, now);
}

export function signReconnectToken(claims: ReconnectClaims, secret: string, now = new Date()) {
  return sign('reconnect', claims, secret, now);
}

export function verifyReconnectToken(token: string, secret: string, now = new Date()) {
  return verify('reconnect', token, secret, now);
}

export function signResumeToken(claims: ResumeClaims, secret: string, now = new Date()) {
  return sign('resume', claims, secret, now);
}

export function verifyResumeToken(token: string, secret: string, now = new Date()) {
  return verify('resume', token, secret, now);
}
