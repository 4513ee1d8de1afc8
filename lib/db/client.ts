import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { confineEmbeddedDatabase, secureDataDir } from './data-dir';
import { trackTransactions } from './pglite-prepared';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema';

export type Schema = typeof schema;
/** A Drizzle database over either PGlite or node-postgres: the same SQL, the same code paths. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A database or an open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Postgres wire-protocol socket directory of the embedded database, for the CLI and psql. */
  socketDir?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

/** Port number used only to name the embedded database's Unix socket (`.s.PGSQL.5432`). */
export const EMBEDDED_SOCKET_PORT = 5432;

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Opens node-postgres against `url` and applies migrations under an advisory lock. */
export async function openPostgres(
  url: string,
  options: { migrate?: boolean; max?: number } = {},
): Promise<DbHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', () => {
    // Idle client errors (server restart) are surfaced on the next query instead.
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const client = await pool.connect();
    try {
      // Several instances may start at once: one migrates, the others wait.
      await client.query('SELECT pg_advisory_lock(7264018)');
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock(7264018)').catch(() => undefined);
      client.release();
    }
  }
  return { db, kind: 'postgres', close: () => pool.end() };
}

/**
 * PGlite's own start parameters plus a smaller buffer pool. Postgres's default 128 MB of shared_buffers
 * lives in the WebAssembly heap, and most of it became resident while the server ran; the embedded
 * database of one instance is a few MB of hot rows (pages not in the pool are read from the data
 * directory through the OS page cache). Measured on a fresh data directory after 100k inserted rows:
 * about 450 MB resident with 128 MB, about 300 MB with 32 MB.
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

function pgliteStartParams(pglite: { defaultStartParams: readonly string[] }): string[] {
  return [...pglite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
}

/**
 * Opens the embedded PGlite database under `dataDir`, migrating it. With `dataDir` undefined the
 * database lives in memory (tests). A file-backed database takes an exclusive lock on the directory and,
 * with `serveSocket`, serves the Postgres wire protocol on a Unix socket in it so that the admin CLI and
 * psql work while the server runs.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { serveSocket?: boolean } = {},
): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let releaseLock = () => {};
  let client;
  if (dataDir) {
    secureDataDir(dataDir);
    releaseLock = acquireDataDirLock(dataDir);
    try {
      client = await PGlite.create(path.join(dataDir, 'pglite'), {
        startParams: pgliteStartParams(PGlite),
      });
      confineEmbeddedDatabase(client, dataDir);
    } catch (error) {
      releaseLock();
      throw error;
    }
  } else {
    client = await PGlite.create({ startParams: pgliteStartParams(PGlite) });
  }
  trackTransactions(client);
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });

  let stopSocket = async () => {};
  let socketDir: string | undefined;
  if (dataDir && options.serveSocket) {
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    socketDir = dataDir;
    const socketPath = path.join(dataDir, `.s.PGSQL.${EMBEDDED_SOCKET_PORT}`);
    rmSync(socketPath, { force: true });
    const server = new PGLiteSocketServer({ db: client, path: socketPath, maxConnections: 16 });
    await server.start();
    stopSocket = () => server.stop();
  }

  return {
    db,
    kind: 'pglite',
    socketDir,
    async close() {
      await stopSocket();
      await client.close();
      releaseLock();
    },
  };
}

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'server.lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the data directory's lock, or undefined when no live process holds it. */
export function dataDirLockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockPath(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the exclusive lock on `dataDir`; a stale lock of a dead process is taken over. */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        if (readFileSync(file, 'utf8').trim() === String(process.pid))
          rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = dataDirLockHolder(dataDir);
      if (holder !== undefined && holder !== process.pid) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by process ${holder}. ` +
            'Stop it, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL database.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}`);
}

/** Whether a running server serves the embedded database of `dataDir` over its socket. */
export function embeddedSocketAvailable(dataDir: string): boolean {
  return (
    dataDirLockHolder(dataDir) !== undefined &&
    existsSync(path.join(dataDir, `.s.PGSQL.${EMBEDDED_SOCKET_PORT}`))
  );
}

/** The node-postgres connection string for the embedded database served by a running server. */
export function embeddedSocketUrl(dataDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dataDir)}&port=${EMBEDDED_SOCKET_PORT}`;
}

export async function checkDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

// ---------------------------------------------------------------- process-wide handle

const globalKey = Symbol.for('auth-journey.db');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };

/**
 * The process's database. The custom server opens it at start (`setDbHandle`); Next's bundles share it
 * through globalThis because they hold their own copies of this module. Never opened at import time.
 */
export async function getDb(): Promise<Db> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const { getConfig } = await import('../config');
    const config = getConfig();
    g[globalKey] = config.databaseUrl
      ? openPostgres(config.databaseUrl)
      : openPglite(config.dataDir, { serveSocket: true });
  }
  return (await g[globalKey]).db;
}

export function setDbHandle(handle: Promise<DbHandle> | undefined): void {
  (globalThis as GlobalWithDb)[globalKey] = handle;
}

export function getDbHandle(): Promise<DbHandle> | undefined {
  return (globalThis as GlobalWithDb)[globalKey];
}
