import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { openTestDb, recordStatements } from '../../db/testing';
import type { StepResult } from '../views';
import { runStep } from './runner';
import { T0, createTestApp, depsAt, expectScreen, launch } from './test-support';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

describe('statements per step', () => {
  it('logs', async () => {
    const db = handle.db;
    const { appId } = await createTestApp(db);
    const deps = depsAt(db, T0);
    const first = await launch(deps, { appId, userId: 'count' });
    let token = first.token;
    const counts: Record<string, string[]> = {};
    const step = async (name: string, input?: unknown) => {
      const { result, statements } = await recordStatements(db, () =>
        runStep(deps, token, name, input),
      );
      counts[name] = statements;
      const screen = expectScreen(result as StepResult);
      token = screen.token;
      return screen;
    };
    await step('chooseDeviceType', { id: 'vehicle' });
    await step('chooseOem', { id: 'volta' });
    const devices = await step('submitCredentials', {
      username: 'user_good',
      password: 'pass_good',
    });
    const ids = (devices.view as { devices: { id: string }[] }).devices.map((d) => d.id);
    await step('chooseDevices', { deviceIds: ids });
    await step('giveConsent');
    for (const [name, list] of Object.entries(counts)) {
      console.log(`${name}: ${list.length}`);
      for (const s of list) console.log(`   ${s.slice(0, 110)}`);
    }
    expect(counts.giveConsent!.length).toBeGreaterThan(0);
  });
});
