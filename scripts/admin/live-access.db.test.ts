import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import type { DbHandle } from '../../lib/db/client';
import { auditLog } from '../../lib/db/schema';
import { openTestDb } from '../../lib/db/testing';
import { getCustomer } from '../../lib/customers';
import { CliError } from './cli-error';
import { runAdminCommand } from './commands';

const config = parseConfig({
  APP_SECRET: 'a'.repeat(40),
  PUBLIC_BASE_URL: 'http://localhost:3000',
});

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

const run = (argv: string[]) => runAdminCommand(handle.db, argv, config);

describe('live access requests', () => {
  it('lists requests from the dashboard until they are granted', async () => {
    const { customerId } = (await run(['customer:create', '--name', 'Wants Live'])) as {
      customerId: string;
    };
    expect(await run(['live-access:list'])).toEqual({ requests: [] });
    await handle.db.insert(auditLog).values({
      customerId,
      actor: 'user:owner@example.com',
      action: 'live_access.requested',
      subjectId: customerId,
      environment: 'live',
    });
    const listed = (await run(['live-access:list'])) as { requests: Array<Record<string, string>> };
    expect(listed.requests).toEqual([
      expect.objectContaining({
        customerId,
        name: 'Wants Live',
        requestedBy: 'user:owner@example.com',
      }),
    ]);
    expect(await run(['live-access:grant', '--customer', customerId])).toEqual({
      customerId,
      liveEnabled: true,
    });
    expect((await getCustomer(handle.db, customerId))?.liveEnabled).toBe(true);
    expect(await run(['live-access:list'])).toEqual({ requests: [] });
  });

  it('refuses an unknown customer', async () => {
    await expect(run(['live-access:grant', '--customer', 'cus_nope'])).rejects.toBeInstanceOf(
      CliError,
    );
  });
});
