import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sandbox as t } from '../../db/schema';
import { openTestDb } from '../../db/testing';
import { swapSessionWithEvents } from './queries';
import { runStep } from './runner';
import {
  T0,
  createTestApp,
  depsAt,
  expectFailure,
  expectScreen,
  launch,
  loadSession,
  sessionIdOf,
} from './test-support';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const db = () => handle.db;

describe('the step runner', () => {
  it('refuses bad input with the field named, and an unknown step, without using the token', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'runner-input' });

    const empty = expectFailure(await runStep(deps, first.token, 'chooseDeviceType', { id: '' }));
    expect(empty).toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { id: expect.any(String) } });
    const unlisted = expectFailure(
      await runStep(deps, first.token, 'chooseDeviceType', { id: 'toaster' }),
    );
    expect(unlisted.fieldErrors).toEqual({ id: 'Choose one of the listed device types' });
    for (const name of ['deleteEverything', 'toString', '__proto__', 42, null]) {
      expect(expectFailure(await runStep(deps, first.token, name, {})).code).toBe('NOT_ALLOWED');
    }
    // A step the session is not at.
    expect(
      expectFailure(await runStep(deps, first.token, 'submitMfa', { code: '123456' })).code,
    ).toBe('NOT_ALLOWED');
    expect((await loadSession(db(), 'sandbox', sessionIdOf(first.token))).version).toBe(1);

    const next = expectScreen(
      await runStep(deps, first.token, 'chooseDeviceType', { id: 'vehicle' }),
    );
    expect(next.view.step).toBe('oem');
  });

  it('a step that loses the race writes nothing of its own, but keeps what the OEM saw', async () => {
    const { appId } = await createTestApp(db());
    const deps = depsAt(db(), T0);
    const first = await launch(deps, { appId, userId: 'runner-race' });
    const sid = sessionIdOf(first.token);
    const before = await loadSession(db(), 'sandbox', sid);
    const event = (type: string) => ({ sessionId: sid, type, step: 'credentials', at: T0 });
    const swap = (version: number) =>
      swapSessionWithEvents(db(), 'sandbox', {
        sessionId: sid,
        version,
        changes: { ...before, loginFailures: before.loginFailures + 1 },
        now: T0,
        events: [event('step_event')],
        recorded: [event('oem_saw')],
        funnel: [{ event: 'ERROR', step: 'credentials', oem: null, code: 'INVALID_CREDENTIALS' }],
      });
    expect(await swap(before.version)).toMatchObject({
      version: before.version + 1,
      loginFailures: 1,
    });
    // The same version again: a replay that lost.
    expect(await swap(before.version)).toBeUndefined();
    const types = async (type: string) =>
      db()
        .select()
        .from(t.journeyEvents)
        .where(and(eq(t.journeyEvents.sessionId, sid), eq(t.journeyEvents.type, type)));
    expect(await types('oem_saw')).toHaveLength(2);
    expect(await types('step_event')).toHaveLength(1);
    // The funnel counts the step once, with the winning swap.
    const funnel = await db()
      .select()
      .from(t.funnelEvents)
      .where(and(eq(t.funnelEvents.sessionId, sid), eq(t.funnelEvents.event, 'ERROR')));
    expect(funnel).toHaveLength(1);
    expect(funnel[0]).toMatchObject({ appId, code: 'INVALID_CREDENTIALS', step: 'credentials' });
    expect(await loadSession(db(), 'sandbox', sid)).toMatchObject({
      version: before.version + 1,
      loginFailures: 1,
    });
  });
});
