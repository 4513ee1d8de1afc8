import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The attack: a local user reads the embedded database's files (the WAL held a live reconnection
 * URL). Everything under DATA_DIR must be the server user's alone: directories 0700, files 0600 —
 * on a fresh start, and after a start on a directory an older version left readable.
 */

const root = mkdtempSync(path.join(tmpdir(), 'aj-data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Opens DATA_DIR as the server does (config, then the embedded database), writes, and closes. */
function startServerOn(dataDir: string): void {
  const script = `
    const { parseConfig } = await import(${JSON.stringify(path.resolve('lib/config/index.ts'))});
    const { openPglite } = await import(${JSON.stringify(path.resolve('lib/db/client.ts'))});
    const config = parseConfig({ DATA_DIR: ${JSON.stringify(dataDir)}, LOG_LEVEL: 'silent' });
    const handle = await openPglite(config.dataDir, { serveSocket: true });
    await handle.db.execute("insert into customers (id, name) values ('cus_wal', 'reconnect https://x/r?token=secret') on conflict do nothing");
    await handle.close();
  `;
  // A permissive umask, as a shell or a service manager may hand it over.
  execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `process.umask(0o022); ${script}`],
    { cwd: path.resolve('.'), stdio: 'pipe', timeout: 120_000 },
  );
}

function loosePaths(dir: string): string[] {
  const loose: string[] = [];
  const walk = (p: string) => {
    const stat = lstatSync(p);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) loose.push(`${p} ${mode.toString(8)}`);
      for (const name of readdirSync(p)) walk(path.join(p, name));
    } else if (mode & 0o077) {
      loose.push(`${p} ${mode.toString(8)}`);
    }
  };
  walk(dir);
  return loose;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) n++;
  }
  return n;
}

describe('DATA_DIR permissions', () => {
  const dataDir = path.join(root, 'data');
  beforeAll(() => startServerOn(dataDir), 180_000);

  it('a fresh data directory is 0700 and every file in it 0600 (no group or other access)', () => {
    expect(countFiles(dataDir)).toBeGreaterThan(100);
    expect(loosePaths(dataDir)).toEqual([]);
  });

  it('repairs the modes of an existing directory left readable by an older version', () => {
    // What an older version left behind: everything readable (and a stray file) by every local user.
    const open = (p: string) => {
      const stat = lstatSync(p);
      chmodSync(p, stat.isDirectory() ? 0o755 : 0o666);
      if (stat.isDirectory()) for (const name of readdirSync(p)) open(path.join(p, name));
    };
    mkdirSync(path.join(dataDir, 'old-backups'), { mode: 0o777 });
    writeFileSync(path.join(dataDir, 'old-backups', 'dump.sql'), 'x', { mode: 0o644 });
    open(dataDir);
    expect(loosePaths(dataDir).length).toBeGreaterThan(100);
    startServerOn(dataDir);
    expect(loosePaths(dataDir)).toEqual([]);
  }, 180_000);
});
