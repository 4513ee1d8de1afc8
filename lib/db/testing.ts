import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DbHandle } from './client';
import { MIGRATIONS_FOLDER, openPglite, openPostgres } from './client';
import * as schema from './schema';

/**
 * A freshly migrated, isolated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server of TEST_DATABASE_URL in the `postgres` test project.
 */
export async function openTestDb(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DB !== 'postgres' || !url) return openPgliteFromTemplate();
  const { Client } = await import('pg');
  const name = `aj_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openPostgres(target.toString());
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Identifies the migrations, so a cached template is rebuilt whenever they change. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Running initdb and the migrations costs seconds per test file; loading a dump of an already
 * migrated database costs a fraction of that. The dump is cached in the temp directory, keyed by the
 * migrations' hash, written atomically so parallel workers never read half a file. Each test still
 * gets its own, isolated in-memory database.
 */
async function openPgliteFromTemplate(): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const template = path.join(tmpdir(), `auth-journey-pglite-${migrationsHash()}.tar`);
  if (!existsSync(template)) {
    const fresh = await openPglite(undefined);
    const client = (fresh.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
    const dump = await client.dumpDataDir('none');
    const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, template);
    await fresh.close();
  }
  const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]) });
  const db = drizzle(client, { schema }) as unknown as DbHandle['db'];
  return { db, kind: 'pglite', close: () => client.close() };
}
