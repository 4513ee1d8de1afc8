import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { openTestDb, recordStatements } from '../../db/testing';
import { runStep } from './runner';
import { T0, createTestApp, depsAt, expectScreen, launch } from './test-support';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

/**
 * Each statement as what it does, for a readable failure: `SELECT journey_sessions`, or the tables
 * one statement writes (`WRITE journey_sessions journey_events funnel_events`), BEGIN, COMMIT.
 */
const kinds = (statements: string[]) =>
  statements.map((s) => {
    if (/^(begin|commit)$/i.test(s)) return s.toUpperCase();
    const written = [...s.matchAll(/(?:INSERT INTO|UPDATE)\s+"?\w+"?\."?(\w+)"?/gi)].map(
      (m) => m[1],
    );
    if (written.length) return `WRITE ${[...new Set(written)].join(' ')}`;
    return `SELECT ${/FROM\s+"?\w+"?\."?(\w+)"?/i.exec(s)?.[1] ?? ''}`;
  });

describe('round trips of a journey', () => {
  it('each step reads its session and writes in one statement; consent registers in a second', async () => {
    const db = handle.db;
    const { appId } = await createTestApp(db);
    const deps = depsAt(db, T0);
    // The app is cached from the launch on: no step reads it.
    const opened = await recordStatements(db, () => launch(deps, { appId, userId: 'trips' }));
    expect(kinds(opened.statements)).toContain(
      'WRITE journey_sessions journey_events funnel_events',
    );
    let token = opened.result.token;
    const trips: Record<string, string[]> = {};
    const step = async (name: string, input?: unknown) => {
      const { result, statements } = await recordStatements(db, () =>
        runStep(deps, token, name, input),
      );
      trips[name] = kinds(statements);
      const screen = expectScreen(result);
      token = screen.token;
      return screen;
    };
    const read = 'SELECT journey_sessions';
    const swap = 'WRITE journey_sessions journey_events funnel_events';
    await step('chooseDeviceType', { id: 'vehicle' });
    await step('chooseOem', { id: 'volta' });
    const devices = await step('submitCredentials', {
      username: 'user_good',
      password: 'pass_good',
    });
    if (devices.view.step !== 'devices') throw new Error(`at ${devices.view.step}`);
    await step('chooseDevices', { deviceIds: devices.view.devices.map((d) => d.id) });
    const done = await step('giveConsent');
    expect(done.view).toMatchObject({ step: 'finished', outcome: 'success' });

    expect(trips).toEqual({
      chooseDeviceType: [read, swap],
      chooseOem: [read, swap],
      // The sign-in budget is counted before the OEM is asked.
      submitCredentials: [read, 'SELECT journey_events', swap],
      chooseDevices: [read, swap],
      // The swap first (a double submit waits for it), then every device, credential and outbox row.
      giveConsent: [
        read,
        'BEGIN',
        swap,
        'WRITE end_users credentials devices webhook_events webhook_deliveries',
        'COMMIT',
      ],
    });
  });
});
