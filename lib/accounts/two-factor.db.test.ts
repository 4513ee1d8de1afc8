import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { openTestDb } from '../db/testing';
import { cookieHeader, currentActor, signIn, signUpCompany, verifySignInCode } from './accounts';
import { accountsContext } from './test-support';

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret: what an authenticator app computes. */
function totp(base32: string, now = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

let handle: DbHandle;
let ctx: ReturnType<typeof accountsContext>;
beforeAll(async () => {
  handle = await openTestDb();
  ctx = accountsContext(handle);
});
afterAll(() => handle.close());

const headers = (cookies: string[] = []) => {
  const h = new Headers({ 'x-aj-client-address': '10.1.0.1' });
  if (cookies.length) h.set('cookie', cookieHeader(cookies));
  return h;
};

describe('TOTP second factor', () => {
  it('once turned on, sign-in needs the code from the authenticator', async () => {
    const password = 'totp account password';
    const signedUp = await signUpCompany(
      ctx,
      { companyName: 'Totp Co', email: 'totp@example.com', password },
      headers(),
    );
    if (!signedUp.ok) throw new Error(signedUp.message);
    const session = headers(signedUp.cookies);
    const enabled = await ctx.auth.api.enableTwoFactor({ body: { password }, headers: session });
    if (enabled.method !== 'totp') throw new Error('no TOTP');
    const secret = new URL(enabled.totpURI).searchParams.get('secret')!;
    await ctx.auth.api.verifyTOTP({ body: { code: totp(secret) }, headers: session });

    const first = await signIn(ctx, { email: 'totp@example.com', password }, headers(), '10.1.0.2');
    expect(first).toMatchObject({ ok: true, twoFactor: true });
    if (!first.ok) return;
    // The password alone opens no session.
    expect(await currentActor(ctx, headers(first.cookies))).toBeNull();

    const wrong = await verifySignInCode(
      ctx,
      '000000' === totp(secret) ? '111111' : '000000',
      headers(first.cookies),
      '10.1.0.2',
    );
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CODE' });
    const right = await verifySignInCode(ctx, totp(secret), headers(first.cookies), '10.1.0.2');
    expect(right).toMatchObject({ ok: true });
    if (!right.ok) return;
    expect(await currentActor(ctx, headers(right.cookies))).toMatchObject({
      email: 'totp@example.com',
      role: 'owner',
    });
  });
});
