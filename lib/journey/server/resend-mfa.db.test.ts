import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sandbox as t } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import { MAX_MFA_FAILURES } from '../machine';
import type { JourneyScreen } from '../views';
import { launchJourney } from './launch';
import { ACCOUNT_FAILURES_PER_HOUR } from './sign-in';
import { MAX_MFA_RESENDS, MFA_RESEND_INTERVAL_MS } from './steps/resend-mfa';
import {
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  expectView,
  loadSession,
  sessionIdOf,
} from './test-support';
import { steps } from './test-support';

const { submitCredentials, submitMfa, resendMfa } = steps;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());
const at = (ms: number) => depsAt(handle.db, new Date(T0.getTime() + ms));

/** A journey at the MFA step of Volta Motors (user_mfa), the code sent at T0. */
async function atMfa(): Promise<{ screen: JourneyScreen; sid: string }> {
  const { appId } = await createTestApp(handle.db);
  const outcome = await launchJourney(at(0), { appId, userId: 'u', oem: 'volta' });
  if (!outcome.ok) throw new Error(outcome.code);
  const screen = expectScreen(
    await submitCredentials(at(0), outcome.journey.screen.token, {
      username: 'user_mfa',
      password: 'pass_good',
    }),
  );
  return { screen, sid: sessionIdOf(screen.token) };
}

describe('Resend code', () => {
  it('names the masked channel and allows a new code every 30 seconds, at most 3 times', async () => {
    const { screen, sid } = await atMfa();
    expect(screen.view).toMatchObject({
      step: 'mfa',
      sentTo: 'your phone ending 42',
      resendsLeft: MAX_MFA_RESENDS,
    });
    expect((await loadSession(handle.db, 'sandbox', sid)).mfaSentAt).toEqual(T0);

    // Too soon: refused without using the token up.
    const early = expectFailure(await resendMfa(at(MFA_RESEND_INTERVAL_MS - 1), screen.token));
    expect(early.code).toBe('MFA_RESEND_TOO_SOON');
    expect(early.token).toBe(screen.token);

    let token = screen.token;
    let sentAt = 0;
    for (let n = 1; n <= MAX_MFA_RESENDS; n++) {
      sentAt += MFA_RESEND_INTERVAL_MS;
      const next = expectScreen(await resendMfa(at(sentAt), token));
      expect(next.view).toMatchObject({
        step: 'mfa',
        sentTo: 'your phone ending 42',
        resendsLeft: MAX_MFA_RESENDS - n,
      });
      expect(next.progress).toEqual({ number: 2, total: 4 });
      // The previous token is used up: a replay of it is a stale session, not another code.
      expect(expectFailure(await resendMfa(at(sentAt + 60_000), token)).code).toBe(
        'SESSION_EXPIRED',
      );
      token = next.token;
      const session = await loadSession(handle.db, 'sandbox', sid);
      expect(session).toMatchObject({ mfaResends: n, mfaSentAt: new Date(T0.getTime() + sentAt) });
      if (n < MAX_MFA_RESENDS) {
        expect(
          expectFailure(await resendMfa(at(sentAt + MFA_RESEND_INTERVAL_MS / 2), token)).code,
        ).toBe('MFA_RESEND_TOO_SOON');
      }
    }
    expect(expectFailure(await resendMfa(at(sentAt + 10 * 60_000 - 1), token)).code).toBe(
      'MFA_RESEND_LIMIT',
    );
    const resent = await handle.db
      .select()
      .from(t.journeyEvents)
      .where(and(eq(t.journeyEvents.sessionId, sid), eq(t.journeyEvents.type, 'mfa_resent')));
    expect(resent).toHaveLength(MAX_MFA_RESENDS);
    // The code of the newest challenge signs in.
    expectView(await submitMfa(at(sentAt + 1000), token, { code: '123456' }), 'devices');
  });

  it('never resets the wrong-code count: 5 wrong codes end the journey across resends', async () => {
    const { screen } = await atMfa();
    let token = screen.token;
    let now = 0;
    const wrongCode = async () => {
      const wrong = expectFailure(await submitMfa(at(now), token, { code: '000000' }));
      expect(wrong.code).toBe('INVALID_MFA_CODE');
      token = wrong.token!;
    };
    const resend = async (attemptsLeft: number) => {
      now += MFA_RESEND_INTERVAL_MS;
      const resent = expectScreen(await resendMfa(at(now), token));
      expect(resent.view).toMatchObject({ step: 'mfa', attemptsLeft });
      token = resent.token;
    };
    await wrongCode();
    await wrongCode();
    await resend(MAX_MFA_FAILURES - 2);
    await wrongCode();
    await wrongCode();
    await resend(MAX_MFA_FAILURES - 4);
    const ended = expectView(await submitMfa(at(now), token, { code: '000000' }), 'finished');
    expect(ended.outcome).toBe('error');
    expect(ended.redirectUrl).toContain('error=TOO_MANY_ATTEMPTS');
  });

  it("is refused once the OEM account's budget of failed sign-ins is spent", async () => {
    const { screen, sid } = await atMfa();
    const wrong = expectFailure(await submitMfa(at(0), screen.token, { code: '000000' }));
    const [failed] = await handle.db
      .select()
      .from(t.journeyEvents)
      .where(and(eq(t.journeyEvents.sessionId, sid), eq(t.journeyEvents.type, 'login_failed')));
    if (!failed) throw new Error('no failure recorded');
    const { id: _id, ...like } = failed;
    await handle.db
      .insert(t.journeyEvents)
      .values(Array.from({ length: ACCOUNT_FAILURES_PER_HOUR - 1 }, () => like));
    const refused = expectFailure(await resendMfa(at(MFA_RESEND_INTERVAL_MS), wrong.token));
    expect(refused.code).toBe('ACCOUNT_RATE_LIMITED');
    expect((await loadSession(handle.db, 'sandbox', sid)).mfaResends).toBe(0);
  });

  it('is refused away from the MFA step', async () => {
    const { appId } = await createTestApp(handle.db);
    const outcome = await launchJourney(at(0), { appId, userId: 'u', oem: 'volta' });
    if (!outcome.ok) throw new Error(outcome.code);
    expect(expectFailure(await resendMfa(at(60_000), outcome.journey.screen.token)).code).toBe(
      'NOT_ALLOWED',
    );
  });
});
