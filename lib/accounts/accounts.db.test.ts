import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { customerApps, customers } from '../db/schema';
import { openTestDb } from '../db/testing';
import { currentActor, signIn, signUpCompany } from './accounts';
import { addTestMember, accountsContext, signUpTestCompany } from './test-support';

let handle: DbHandle;
let ctx: ReturnType<typeof accountsContext>;
beforeAll(async () => {
  handle = await openTestDb();
  ctx = accountsContext(handle);
});
afterAll(() => handle.close());

const headers = () => new Headers({ 'x-aj-client-address': '10.0.0.1' });

describe('signing up', () => {
  it('creates the customer (sandbox on, live off), its Owner and a sandbox app', async () => {
    const owner = await signUpTestCompany(ctx, 'Sunny Homes');
    expect(owner.actor).toMatchObject({ role: 'owner', companyName: 'Sunny Homes' });
    const [customer] = await handle.db
      .select()
      .from(customers)
      .where(eq(customers.id, owner.actor.customerId));
    expect(customer).toMatchObject({ name: 'Sunny Homes', liveEnabled: false });
    const apps = await handle.db
      .select()
      .from(customerApps)
      .where(eq(customerApps.customerId, owner.actor.customerId));
    expect(apps).toHaveLength(1);
    expect(apps[0]?.redirectUrl).toBe('http://localhost:3999/');
  });

  it('refuses an email that already has an account, creating nothing', async () => {
    const input = { companyName: 'First', email: 'taken@example.com', password: 'long enough pw' };
    expect((await signUpCompany(ctx, input, headers())).ok).toBe(true);
    const before = await handle.db.select().from(customers);
    const again = await signUpCompany(ctx, { ...input, companyName: 'Second' }, headers());
    expect(again).toMatchObject({ ok: false, code: 'EMAIL_TAKEN' });
    expect(await handle.db.select().from(customers)).toHaveLength(before.length);
  });
});

describe('signing in', () => {
  it('signs in with the right password and resolves the company', async () => {
    await signUpCompany(
      ctx,
      { companyName: 'Login Co', email: 'login@example.com', password: 'right password' },
      headers(),
    );
    const result = await signIn(
      ctx,
      { email: 'LOGIN@example.com', password: 'right password' },
      headers(),
      '10.0.0.2',
    );
    expect(result).toMatchObject({ ok: true, twoFactor: false });
    if (!result.ok) return;
    const h = headers();
    h.set('cookie', result.cookies.map((c) => c.split(';')[0]).join('; '));
    expect(await currentActor(ctx, h)).toMatchObject({ email: 'login@example.com', role: 'owner' });
  });

  it('slows down wrong passwords: after the account budget, even the right one waits', async () => {
    await signUpCompany(
      ctx,
      { companyName: 'Brute Co', email: 'brute@example.com', password: 'right password' },
      headers(),
    );
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await signIn(
        ctx,
        { email: 'brute@example.com', password: `wrong ${i}` },
        headers(),
        '10.0.0.3',
      );
      codes.push(r.ok ? 'ok' : r.code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes.slice(10).every((c) => c === 'TOO_MANY_ATTEMPTS')).toBe(true);
    const right = await signIn(
      ctx,
      { email: 'brute@example.com', password: 'right password' },
      headers(),
      '10.0.0.4',
    );
    expect(right).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS', status: 429 });
  });

  it('has no actor without a session cookie', async () => {
    expect(await currentActor(ctx, headers())).toBeNull();
  });
});

describe('invitations', () => {
  it('admits an invitee with the invited role into the inviting company only', async () => {
    const owner = await signUpTestCompany(ctx, 'Team Co');
    const viewer = await addTestMember(ctx, owner, 'viewer');
    expect(viewer.actor).toMatchObject({ role: 'viewer', customerId: owner.actor.customerId });
  });
});
