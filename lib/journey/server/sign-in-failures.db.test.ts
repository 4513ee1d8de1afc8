import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sandbox as t } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import type { JourneyScreen } from '../views';
import type { JourneyDeps } from './step-context';
import { ACCOUNT_FAILURES_CIRCUIT_BREAKER, ACCOUNT_FAILURES_PER_HOUR } from './sign-in';
import {
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  launch,
  loadSession,
  minutesAfter,
  parseRedirect,
  sessionIdOf,
  steps,
} from './test-support';

const { chooseDeviceType, chooseOem, submitCredentials, submitMfa } = steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

/** A fresh journey at the credentials step of Volta (or of Nimbus, another OEM with one method). */
async function atCredentials(
  deps: JourneyDeps,
  state = 'st',
  oem: 'volta' | 'nimbus' = 'volta',
  existingAppId?: string,
): Promise<{ screen: JourneyScreen; sid: string; appId: string }> {
  const appId = existingAppId ?? (await createTestApp(db())).appId;
  const first = await launch(deps, { appId, userId: 'u', state });
  const type = oem === 'volta' ? 'vehicle' : 'hvac';
  const oemStep = expectScreen(await chooseDeviceType(deps, first.token, { id: type }));
  const screen = expectScreen(await chooseOem(deps, oemStep.token, { id: oem }));
  return { screen, sid: sessionIdOf(first.token), appId };
}

async function eventsOf(sessionId: string) {
  return db()
    .select()
    .from(t.journeyEvents)
    .where(eq(t.journeyEvents.sessionId, sessionId))
    .orderBy(t.journeyEvents.id);
}

describe('failed sign-ins', () => {
  it('5 invalid credentials end the journey with TOO_MANY_ATTEMPTS', async () => {
    const deps = depsAt(db(), T0);
    const { screen, sid } = await atCredentials(deps, 'st-5');
    let token = screen.token;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const refused = expectFailure(
        await submitCredentials(deps, token, {
          username: 'five_tries',
          password: `wrong-${attempt}`,
        }),
      );
      expect(refused).toMatchObject({ code: 'INVALID_CREDENTIALS', attemptsLeft: 5 - attempt });
      token = refused.token!;
    }
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      status: 'active',
      loginFailures: 4,
    });

    const ended = expectView(
      await submitCredentials(deps, token, { username: 'five_tries', password: 'wrong-5' }),
      'finished',
    );
    expect(ended.outcome).toBe('error');
    expect(parseRedirect(ended.redirectUrl).params).toEqual({
      keep: '1',
      status: 'error',
      error: 'TOO_MANY_ATTEMPTS',
      userId: 'u',
      oem: 'volta',
      state: 'st-5',
    });
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      status: 'failed',
      errorCode: 'TOO_MANY_ATTEMPTS',
      loginFailures: 5,
      completedAt: T0,
    });
    // Even the right password no longer gets through this journey.
    expect(
      expectFailure(
        await submitCredentials(deps, token, { username: 'user_good', password: 'pass_good' }),
      ).code,
    ).toBe('SESSION_EXPIRED');
    const failures = (await eventsOf(sid)).filter((e) => e.type === 'login_failed');
    expect(failures).toHaveLength(5);
  });

  it('5 wrong MFA codes end the journey with TOO_MANY_ATTEMPTS', async () => {
    const deps = depsAt(db(), T0);
    const { screen, sid } = await atCredentials(deps);
    const mfa = expectScreen(
      await submitCredentials(deps, screen.token, { username: 'user_mfa', password: 'pass_good' }),
    );
    let token = mfa.token;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const refused = expectFailure(await submitMfa(deps, token, { code: '00000' + attempt }));
      expect(refused).toMatchObject({ code: 'INVALID_MFA_CODE', attemptsLeft: 5 - attempt });
      token = refused.token!;
    }
    const ended = expectView(await submitMfa(deps, token, { code: '000005' }), 'finished');
    expect(parseRedirect(ended.redirectUrl).params).toMatchObject({
      status: 'error',
      error: 'TOO_MANY_ATTEMPTS',
    });
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      status: 'failed',
      errorCode: 'TOO_MANY_ATTEMPTS',
      mfaFailures: 5,
      loginFailures: 0,
    });
    expect(expectFailure(await submitMfa(deps, token, { code: '123456' })).code).toBe(
      'SESSION_EXPIRED',
    );
  });

  it('a malformed code is refused as input and counts nothing', async () => {
    const deps = depsAt(db(), T0);
    const { screen, sid } = await atCredentials(deps);
    const mfa = expectScreen(
      await submitCredentials(deps, screen.token, { username: 'user_mfa', password: 'pass_good' }),
    );
    const refused = expectFailure(await submitMfa(deps, mfa.token, { code: '12ab' }));
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.fieldErrors).toHaveProperty('code');
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({ step: 'mfa', mfaFailures: 0 });
    expect(expectScreen(await submitMfa(deps, mfa.token, { code: '123456' })).view.step).toBe(
      'devices',
    );
  });

  it('OEM_UNAVAILABLE offers a retry and does not count as a failure', async () => {
    const deps = depsAt(db(), T0);
    const { screen, sid } = await atCredentials(deps);
    let token = screen.token;
    for (let attempt = 1; attempt <= 6; attempt++) {
      const refused = expectFailure(
        await submitCredentials(deps, token, { username: 'user_oem_down', password: 'whatever' }),
      );
      expect(refused.code).toBe('OEM_UNAVAILABLE');
      expect(refused.attemptsLeft).toBeUndefined();
      token = refused.token!;
    }
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      status: 'active',
      step: 'credentials',
      loginFailures: 0,
    });
    expect((await eventsOf(sid)).filter((e) => e.type === 'login_failed')).toEqual([]);
    expect(
      expectScreen(
        await submitCredentials(deps, token, { username: 'user_good', password: 'pass_good' }),
      ).view.step,
    ).toBe('devices');
  });

  it.each([
    ['user_locked', 'ACCOUNT_LOCKED'],
    ['user_no_devices', 'NO_DEVICES'],
  ])('%s ends the journey with %s', async (username, code) => {
    const deps = depsAt(db(), T0);
    const { screen, sid } = await atCredentials(deps, 'st-x');
    const ended = expectView(
      await submitCredentials(deps, screen.token, { username, password: 'pass_good' }),
      'finished',
    );
    expect(ended).toMatchObject({ outcome: 'error' });
    expect(parseRedirect(ended.redirectUrl).params).toEqual({
      keep: '1',
      status: 'error',
      error: code,
      userId: 'u',
      oem: 'volta',
      state: 'st-x',
    });
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      status: 'failed',
      errorCode: code,
      loginFailures: 0,
    });
    const failed = (await eventsOf(sid)).filter((e) => e.type === 'failed');
    expect(failed.map((e) => e.details)).toEqual([{ code }]);
  });
});

describe('the per-account budget of failed sign-ins', () => {
  // Hours away from the other tests: failures within an hour count across journeys.
  const base = minutesAfter(T0, 10 * 24 * 60);

  /**
   * One wrong password for `username` through a real journey of `appId`, then `count - 1` more like
   * it (same account, customer and address) written directly: the budget's whole hour in one go.
   */
  async function failSignIns(deps: JourneyDeps, appId: string, username: string, count: number) {
    const { screen, sid } = await atCredentials(deps, 'st', 'volta', appId);
    const refused = expectFailure(
      await submitCredentials(deps, screen.token, { username, password: 'wrong' }),
    );
    expect(refused.code).toBe('INVALID_CREDENTIALS');
    const [recorded] = (await eventsOf(sid)).filter((e) => e.type === 'login_failed');
    if (count > 1) await addFailuresLike(recorded!, count - 1, deps.now);
  }

  /** Inserts `count` failed sign-ins like those of `model` (same account, customer and address). */
  async function addFailuresLike(
    model: typeof t.journeyEvents.$inferSelect,
    count: number,
    at: Date,
  ) {
    await db()
      .insert(t.journeyEvents)
      .values(
        Array.from({ length: count }, (_, i) => ({
          sessionId: `jrn_other_${i % 20}`,
          type: 'login_failed',
          step: 'credentials',
          accountRef: model.accountRef,
          customerId: model.customerId,
          clientRef: model.clientRef,
          at: minutesAfter(at, -(i % 50)),
        })),
      );
  }

  async function signsIn(deps: JourneyDeps, appId: string, username = 'user_good') {
    const { screen } = await atCredentials(deps, 'st', 'volta', appId);
    const result = await submitCredentials(deps, screen.token, { username, password: 'pass_good' });
    return result.ok ? result.data.view.step : result.code;
  }

  it(`after ${ACCOUNT_FAILURES_PER_HOUR} failures in an hour refuses the account in that app from that address, and allows it again an hour later`, async () => {
    const deps = { ...depsAt(db(), base), clientAddress: '198.51.100.7' };
    const { screen, sid, appId } = await atCredentials(deps);
    // One real failure tells us which account reference the journey records.
    const refused = expectFailure(
      await submitCredentials(deps, screen.token, { username: 'user_good', password: 'nope' }),
    );
    expect(refused.code).toBe('INVALID_CREDENTIALS');
    const [recorded] = (await eventsOf(sid)).filter((e) => e.type === 'login_failed');
    expect(recorded?.accountRef).toMatch(/^volta:/);
    expect(recorded?.customerId).toBeTruthy();
    expect(recorded?.clientRef).toBeTruthy();
    expect(recorded?.clientRef).not.toContain('198.51.100.7');
    // 98 more failures happened in other journeys of this app, from this address, in the last hour.
    await addFailuresLike(recorded!, ACCOUNT_FAILURES_PER_HOUR - 2, base);

    // Same account in another journey, 5 minutes later.
    const later = { ...deps, now: minutesAfter(base, 5) };
    const other = await atCredentials(later, 'st', 'volta', appId);
    // The 100th failure is still let through to the OEM…
    const hundredth = expectFailure(
      await submitCredentials(later, other.screen.token, {
        username: 'user_good',
        password: 'nope',
      }),
    );
    expect(hundredth.code).toBe('INVALID_CREDENTIALS');
    // …and from then on the account is refused, even with the right password (and another case).
    const limited = expectFailure(
      await submitCredentials(later, hundredth.token, {
        username: 'User_Good',
        password: 'pass_good',
      }),
    );
    expect(limited.code).toBe('ACCOUNT_RATE_LIMITED');
    expect(await loadSession(db(), 'sandbox', other.sid)).toMatchObject({
      status: 'active',
      step: 'credentials',
      loginFailures: 1,
    });
    // Another account is not affected.
    const stranger = expectFailure(
      await submitCredentials(later, limited.token, { username: 'someone_else', password: 'x' }),
    );
    expect(stranger.code).toBe('INVALID_CREDENTIALS');

    // An hour after the last failure, the account may try again.
    expect(await signsIn({ ...deps, now: minutesAfter(base, 61) }, appId)).toBe('devices');
  });

  it('failures in another customer’s app do not lock the account out of this one', async () => {
    const at = minutesAfter(base, 2 * 60);
    const attacker = await createTestApp(db());
    const victim = await createTestApp(db());
    // Someone who knows the username spends a whole budget in their own app, from the victim's
    // network even.
    const deps = { ...depsAt(db(), at), clientAddress: '203.0.113.5' };
    await failSignIns(deps, attacker.appId, 'user_good', ACCOUNT_FAILURES_PER_HOUR);
    expect(await signsIn(deps, attacker.appId)).toBe('ACCOUNT_RATE_LIMITED');
    // The account's owner signs in through the app they actually use.
    expect(await signsIn({ ...deps, now: minutesAfter(at, 1) }, victim.appId)).toBe('devices');
  });

  it('failures from another client address do not lock the account out of the same app', async () => {
    const at = minutesAfter(base, 4 * 60);
    const { appId } = await createTestApp(db());
    const attacker = { ...depsAt(db(), at), clientAddress: '192.0.2.66' };
    await failSignIns(attacker, appId, 'user_good', ACCOUNT_FAILURES_PER_HOUR);
    expect(await signsIn(attacker, appId)).toBe('ACCOUNT_RATE_LIMITED');
    const owner = { ...depsAt(db(), minutesAfter(at, 1)), clientAddress: '192.0.2.10' };
    expect(await signsIn(owner, appId)).toBe('devices');
  });

  it(`refuses the account everywhere after ${ACCOUNT_FAILURES_CIRCUIT_BREAKER} failures in an hour (the circuit breaker)`, async () => {
    const at = minutesAfter(base, 8 * 60);
    const deps = { ...depsAt(db(), at), clientAddress: '192.0.2.99' };
    const { screen, sid, appId } = await atCredentials(deps);
    expectFailure(
      await submitCredentials(deps, screen.token, { username: 'user_good', password: 'no' }),
    );
    const [recorded] = (await eventsOf(sid)).filter((e) => e.type === 'login_failed');
    // Failures spread over many customers and addresses, none of them near its own budget.
    await db()
      .insert(t.journeyEvents)
      .values(
        Array.from({ length: ACCOUNT_FAILURES_CIRCUIT_BREAKER - 1 }, (_, i) => ({
          sessionId: `jrn_spread_${i}`,
          type: 'login_failed',
          accountRef: recorded!.accountRef,
          customerId: `cus_spread_${i % 40}`,
          clientRef: `addr_${i % 37}`,
          at: minutesAfter(at, -(i % 55)),
        })),
      );
    const fresh = await createTestApp(db());
    const elsewhere = { ...depsAt(db(), minutesAfter(at, 1)), clientAddress: '192.0.2.200' };
    expect(await signsIn(elsewhere, fresh.appId)).toBe('ACCOUNT_RATE_LIMITED');
    expect(await signsIn(elsewhere, appId, 'user_many')).toBe('devices');
  });

  it('a successful sign-in starts the account’s budget again', async () => {
    const at = minutesAfter(base, 12 * 60);
    const { appId } = await createTestApp(db());
    const deps = { ...depsAt(db(), at), clientAddress: '198.51.100.20' };
    await failSignIns(deps, appId, 'user_good', ACCOUNT_FAILURES_PER_HOUR - 5);
    const success = { ...deps, now: minutesAfter(at, 1) };
    expect(await signsIn(success, appId)).toBe('devices');
    // Within the same hour, the budget counts only the mistakes made since that success: a whole
    // budget of them is still let through to the OEM (each `failSignIns` makes a real attempt)…
    const after = { ...deps, now: minutesAfter(at, 55) };
    await failSignIns(after, appId, 'user_good', ACCOUNT_FAILURES_PER_HOUR - 1);
    await failSignIns(after, appId, 'user_good', 1);
    // …and then the account is refused.
    expect(await signsIn(after, appId)).toBe('ACCOUNT_RATE_LIMITED');
  });

  it('counts wrong MFA codes against the same budget', async () => {
    const at = minutesAfter(base, 6 * 60);
    const deps = depsAt(db(), at);
    const first = await atCredentials(deps);
    const refused = expectFailure(
      await submitCredentials(deps, first.screen.token, { username: 'user_mfa', password: 'no' }),
    );
    expect(refused.code).toBe('INVALID_CREDENTIALS');
    const [recorded] = (await eventsOf(first.sid)).filter((e) => e.type === 'login_failed');
    await addFailuresLike(recorded!, ACCOUNT_FAILURES_PER_HOUR - 2, at);

    const later = depsAt(db(), minutesAfter(at, 5));
    const second = await atCredentials(later, 'st', 'volta', first.appId);
    const mfa = expectScreen(
      await submitCredentials(later, second.screen.token, {
        username: 'user_mfa',
        password: 'pass_good',
      }),
    );
    expect(mfa.view.step).toBe('mfa');
    // The 100th failure is a wrong code, recorded against the account…
    const wrong = expectFailure(await submitMfa(later, mfa.token, { code: '111111' }));
    expect(wrong.code).toBe('INVALID_MFA_CODE');
    const failures = (await eventsOf(second.sid)).filter((e) => e.type === 'login_failed');
    expect(failures.map((e) => [e.step, e.accountRef])).toEqual([['mfa', recorded!.accountRef]]);
    // …so even the right code is refused now.
    const limited = expectFailure(await submitMfa(later, wrong.token, { code: '123456' }));
    expect(limited.code).toBe('ACCOUNT_RATE_LIMITED');
    expect(await loadSession(db(), 'sandbox', second.sid)).toMatchObject({
      status: 'active',
      step: 'mfa',
      mfaFailures: 1,
    });
  });

  it('journey events never hold a username, password or code in any column', async () => {
    const deps = depsAt(db(), minutesAfter(base, 3 * 60));
    const username = 'Leaky.Person@example.test';
    const password = 'S3cret-Passw0rd!';
    // Nimbus: its account budget is apart from the Volta accounts the tests above exhaust.
    const { screen, sid } = await atCredentials(deps, 'st', 'nimbus');
    const refused = expectFailure(
      await submitCredentials(deps, screen.token, { username, password }),
    );
    const mfa = expectScreen(
      await submitCredentials(deps, refused.token, { username: 'user_mfa', password: 'pass_good' }),
    );
    const wrong = expectFailure(await submitMfa(deps, mfa.token, { code: '918273' }));
    expectScreen(await submitMfa(deps, wrong.token, { code: '123456' }));

    const rows = await db().execute(
      sql`select row_to_json(e)::text as row from sandbox.journey_events e where session_id = ${sid}`,
    );
    const texts = (rows as unknown as { rows: { row: string }[] }).rows.map((r) => r.row);
    expect(texts.map((text) => (JSON.parse(text) as { type: string }).type)).toEqual([
      'started',
      'login_failed',
      'login_succeeded',
      'login_failed',
      'attempts_reset',
      'mfa_succeeded',
    ]);
    for (const text of texts) {
      for (const secret of [
        username,
        username.toLowerCase(),
        password,
        'user_mfa',
        'pass_good',
        '918273',
        '123456',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
