import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dataDirLockHolder, openPglite } from '../../lib/db/client';
import { apiKeys, customers } from '../../lib/db/schema';

/**
 * The real CLI in a child process, as an operator runs it (`npm run admin` is `tsx scripts/admin.ts`;
 * `node --import tsx` is the same loader without npx's second of start-up). Each spawn costs about a
 * second or two on a busy machine, so the cases are grouped, the input errors that never open the
 * database run in parallel, and most commands go through the socket (cheaper than opening PGlite).
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'aj-admin-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      cwd: repoRoot,
      env: {
        NODE_ENV: 'test',
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        APP_SECRET: 'c'.repeat(40),
        PUBLIC_BASE_URL: 'http://localhost:3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that must succeed and returns its JSON output. */
async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const run = await cli(...args);
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

function expectOneLineError(run: CliRun, message: string | RegExp): void {
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(message);
}

const SPAWN_TIMEOUT = 120_000;

describe('admin CLI on the embedded database', () => {
  let customerId: string;
  let keyId: string;

  it(
    'opens the embedded database itself when no server runs',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      ({ customerId } = (await ok('customer:create', '--name', 'Spawned Co')) as {
        customerId: string;
      });
      expect(customerId).toMatch(/^cus_/);

      const key = await ok(
        'key:create',
        '--customer',
        customerId,
        '--env',
        'sandbox',
        '--name',
        'ci',
      );
      expect(key).toEqual({
        keyId: expect.stringMatching(/^key_/),
        key: expect.stringMatching(/^amps_sk_test_/),
      });
      keyId = key.keyId as string;

      expectOneLineError(
        await cli('key:create', '--customer', 'cus_nope', '--env', 'sandbox'),
        'error: Unknown customer cus_nope',
      );
      expectOneLineError(
        await cli(
          'app:create',
          '--customer',
          customerId,
          '--name',
          'A',
          '--redirect-url',
          'javascript:alert(1)',
          '--reconnect-redirect-url',
          'https://a.example.com/',
        ),
        'error: Invalid --redirect-url: must be an absolute http(s) URL',
      );
      // Every run, failed or not, released the directory lock.
      expect(dataDirLockHolder(dataDir)).toBeUndefined();
    },
  );

  it(
    'rejects malformed command lines before opening anything',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      const [unknownCommand, missingFlag, badNumber, unknownFlag] = await Promise.all([
        cli('customer:delete', '--customer', 'cus_x'),
        cli(
          'app:create',
          '--customer',
          'cus_x',
          '--name',
          'A',
          '--redirect-url',
          'https://a.example.com/',
        ),
        cli('customer:update', '--customer', 'cus_x', '--global-cap', 'lots'),
        cli('key:revoke', '--key-id', 'key_x', '--force'),
      ]);
      expectOneLineError(
        unknownCommand,
        'error: Unknown command "customer:delete". Commands: customer:create, customer:update, app:create, key:create, key:update, key:revoke, webhook:create',
      );
      expectOneLineError(
        missingFlag,
        'error: Missing required flag --reconnect-redirect-url for app:create',
      );
      expectOneLineError(badNumber, /^error: Invalid --global-cap: must be a non-negative integer/);
      expectOneLineError(
        unknownFlag,
        'error: Unknown flag --force for key:revoke. Flags: --key-id',
      );
    },
  );

  it(
    'works through the socket while a server holds the embedded database',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      // What the server does at start: take the directory lock and serve PGlite on a Unix socket.
      const server = await openPglite(dataDir, { serveSocket: true });
      try {
        expect(
          await ok(
            'customer:update',
            '--customer',
            customerId,
            '--live-enabled',
            'true',
            '--oem-cap',
            'volta=3',
          ),
        ).toMatchObject({
          customerId,
          name: 'Spawned Co',
          liveEnabled: true,
          globalCap: null,
          oemCaps: { volta: 3 },
        });

        const app = await ok(
          'app:create',
          '--customer',
          customerId,
          '--name',
          'Spawned App',
          '--redirect-url',
          'http://localhost:5173/done',
          '--reconnect-redirect-url',
          'https://spawned.example.com/again',
          '--oems',
          'volta,ampere',
        );
        expect(app.appId).toMatch(/^app_/);

        const revoked = await ok('key:revoke', '--key-id', keyId);
        expect(revoked).toEqual({ keyId, revokedAt: expect.any(String) });

        expect(
          await ok(
            'webhook:create',
            '--customer',
            customerId,
            '--env',
            'sandbox',
            '--url',
            'http://127.0.0.1:9/hooks',
          ),
        ).toEqual({
          endpointId: expect.stringMatching(/^ep_/),
          secret: expect.stringMatching(/^whsec_/),
        });

        expectOneLineError(
          await cli('key:revoke', '--key-id', 'key_nope'),
          'error: Unknown API key key_nope',
        );

        // The server's own handle sees the changes at once: one database, not a diverging copy.
        const [row] = await server.db.select().from(customers).where(eq(customers.id, customerId));
        expect(row).toMatchObject({ liveEnabled: true, oemCaps: { volta: 3 } });
        const [keyRow] = await server.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
        expect(keyRow?.revokedAt?.toISOString()).toBe(revoked.revokedAt);
        expect(dataDirLockHolder(dataDir)).toBe(process.pid);
      } finally {
        await server.close();
      }
    },
  );
});
