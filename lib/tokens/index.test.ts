import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { deriveSubkey } from '../crypto';
import type { StepClaims } from './index';
import {
  signLaunchToken,
  signReconnectToken,
  signResumeToken,
  signStepToken,
  STEP_TOKEN_TTL_SECONDS,
  TokenError,
  verifyLaunchToken,
  verifyReconnectToken,
  verifyResumeToken,
  verifyStepToken,
} from './index';

const secret = 's'.repeat(48);
const now = new Date('2026-05-01T10:00:00Z');
const claims: StepClaims = {
  sid: 'jrn_1',
  env: 'sandbox',
  app: 'app_1',
  mode: 'connect',
  step: 'oem',
  ver: 3,
};

async function expectRejected(token: string, reason: 'invalid' | 'expired' = 'invalid', at = now) {
  const error = await verifyStepToken(token, secret, at).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TokenError);
  expect((error as TokenError).reason).toBe(reason);
}

function forge(header: object, payload: object, key: Uint8Array | string): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = createHmac('sha256', key).update(input).digest('base64url');
  return `${input}.${sig}`;
}

function validPayload() {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    ...claims,
    iss: 'auth-journey',
    aud: 'auth-journey:step',
    iat,
    nbf: iat,
    exp: iat + 600,
  };
}

describe('step tokens', () => {
  it('round-trips claims and expires after 10 minutes', async () => {
    const { token, expiresAt } = await signStepToken(claims, secret, now);
    expect(await verifyStepToken(token, secret, now)).toEqual(claims);
    expect(expiresAt.getTime() - now.getTime()).toBe(STEP_TOKEN_TTL_SECONDS * 1000);
  });

  it('rejects an expired token as expired', async () => {
    const { token } = await signStepToken(claims, secret, now);
    await expectRejected(token, 'expired', new Date(now.getTime() + 601_000));
  });

  it('rejects a token that is not yet valid', async () => {
    const { token } = await signStepToken(claims, secret, new Date(now.getTime() + 3_600_000));
    await expectRejected(token);
  });

  it('rejects a tampered signature and tampered claims', async () => {
    const { token } = await signStepToken(claims, secret, now);
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA');
    await expectRejected(`${h}.${p}.${flipped}`);
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), ver: 99 }),
    ).toString('base64url');
    await expectRejected(`${h}.${edited}.${s}`);
  });

  it('rejects alg none', async () => {
    const unsecured = new UnsecuredJWT(validPayload()).encode();
    await expectRejected(unsecured);
    const noneTyped = forge({ alg: 'none', typ: 'aj-step+jwt' }, validPayload(), 'x');
    await expectRejected(noneTyped.split('.').slice(0, 2).join('.') + '.');
  });

  it('rejects a token signed with the wrong key, or with the raw root secret', async () => {
    const { token } = await signStepToken(claims, 'w'.repeat(48), now);
    await expectRejected(token);
    await expectRejected(forge({ alg: 'HS256', typ: 'aj-step+jwt' }, validPayload(), secret));
  });

  it('accepts a hand-made token with the right key (the forge helper is faithful)', async () => {
    const key = deriveSubkey(secret, 'jwt:step');
    const token = forge({ alg: 'HS256', typ: 'aj-step+jwt' }, validPayload(), key);
    expect(await verifyStepToken(token, secret, now)).toEqual(claims);
  });

  it('rejects other algorithms even with the right key (HS512, RS256 header)', async () => {
    const key = deriveSubkey(secret, 'jwt:step');
    const hs512 = await new SignJWT(validPayload())
      .setProtectedHeader({ alg: 'HS512', typ: 'aj-step+jwt' })
      .sign(key);
    await expectRejected(hs512);
    await expectRejected(forge({ alg: 'RS256', typ: 'aj-step+jwt' }, validPayload(), key));
  });

  it('rejects wrong typ, aud and iss', async () => {
    const key = deriveSubkey(secret, 'jwt:step');
    await expectRejected(forge({ alg: 'HS256', typ: 'JWT' }, validPayload(), key));
    await expectRejected(forge({ alg: 'HS256' }, validPayload(), key));
    await expectRejected(
      forge({ alg: 'HS256', typ: 'aj-step+jwt' }, { ...validPayload(), aud: 'other' }, key),
    );
    await expectRejected(
      forge({ alg: 'HS256', typ: 'aj-step+jwt' }, { ...validPayload(), iss: 'evil' }, key),
    );
  });

  it('rejects claims of the wrong shape after a valid signature', async () => {
    const key = deriveSubkey(secret, 'jwt:step');
    await expectRejected(
      forge({ alg: 'HS256', typ: 'aj-step+jwt' }, { ...validPayload(), step: 'admin' }, key),
    );
    await expectRejected(
      forge({ alg: 'HS256', typ: 'aj-step+jwt' }, { ...validPayload(), env: 'prod' }, key),
    );
  });

  it('rejects a token with an overlong lifetime', async () => {
    const key = deriveSubkey(secret, 'jwt:step');
    const payload = { ...validPayload(), iat: validPayload().iat - 3600 };
    await expectRejected(forge({ alg: 'HS256', typ: 'aj-step+jwt' }, payload, key), 'expired');
  });

  it('never confuses token kinds', async () => {
    const launch = await signLaunchToken(
      { appId: 'app_1', userId: 'u', environment: 'sandbox' },
      secret,
      now,
    );
    await expectRejected(launch.token);
    const step = await signStepToken(claims, secret, now);
    await expect(verifyLaunchToken(step.token, secret, now)).rejects.toBeInstanceOf(TokenError);
    await expect(verifyReconnectToken(step.token, secret, now)).rejects.toBeInstanceOf(TokenError);
  });

  it('treats random garbage as invalid, never throwing anything else', async () => {
    for (const junk of ['', 'a', 'a.b.c', '...', '\u0000', 'x'.repeat(5000), 'eyJ.eyJ.sig']) {
      await expectRejected(junk);
    }
  });
});

describe('launch and reconnect tokens', () => {
  it('round-trip', async () => {
    const launch = await signLaunchToken(
      { appId: 'app_1', userId: 'user-1', environment: 'live', state: 'xyz' },
      secret,
      now,
    );
    expect(await verifyLaunchToken(launch.token, secret, now)).toEqual({
      app: 'app_1',
      uid: 'user-1',
      env: 'live',
      state: 'xyz',
    });
    const reconnect = await signReconnectToken(
      { jti: 'rl_1', cred: 'cred_1', env: 'sandbox' },
      secret,
      now,
    );
    expect(reconnect.expiresAt.getTime() - now.getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(await verifyReconnectToken(reconnect.token, secret, now)).toEqual({
      jti: 'rl_1',
      cred: 'cred_1',
      env: 'sandbox',
    });
  });
});

describe('resume tokens', () => {
  it('round-trip for the journey’s hour, and are no step token', async () => {
    const resume = await signResumeToken(
      { sid: 'jrn_1', env: 'sandbox', app: 'app_1' },
      secret,
      now,
    );
    expect(resume.expiresAt.getTime() - now.getTime()).toBe(3600 * 1000);
    expect(await verifyResumeToken(resume.token, secret, now)).toEqual({
      sid: 'jrn_1',
      env: 'sandbox',
      app: 'app_1',
    });
    await expect(verifyStepToken(resume.token, secret, now)).rejects.toBeInstanceOf(TokenError);
    const late = new Date(now.getTime() + 3601 * 1000);
    await expect(verifyResumeToken(resume.token, secret, late)).rejects.toMatchObject({
      reason: 'expired',
      expiredClaims: { sid: 'jrn_1', env: 'sandbox', app: 'app_1' },
    });
    // A bad signature tells nothing, expired or not.
    await expect(verifyResumeToken(resume.token, 't'.repeat(48), late)).rejects.toMatchObject({
      reason: 'invalid',
      expiredClaims: undefined,
    });
  });
});
