import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DbHandle } from './client';
import { MIGRATIONS_FOLDER, openPglite, openPostgres } from './client';
import { preparedText, trackTransactions } from './pglite-prepared';
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
  const client = trackTransactions(
    await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]) }),
  );
  const db = drizzle(client, { schema }) as unknown as DbHandle['db'];
  return { db, kind: 'pglite', close: () => client.close() };
}

/** A statement the database was sent: its SQL text, one line (BEGIN and COMMIT included). */
export type CountedStatement = string;

interface QueryingClient {
  query(...args: unknown[]): Promise<unknown>;
  exec?(...args: unknown[]): Promise<unknown>;
  transaction?(run: (tx: QueryingClient) => Promise<unknown>): Promise<unknown>;
  execProtocolRawStream?(message: Uint8Array, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The statement a protocol message executes, when it is a Bind of a named statement prepared by
 * runPrepared (a Parse, once per database and statement, is not a round trip of a request).
 */
function boundStatement(client: QueryingClient, message: Uint8Array): string | undefined {
  if (message[0] !== 0x42 /* B */) return undefined;
  const portalEnd = message.indexOf(0, 5);
  const nameEnd = message.indexOf(0, portalEnd + 1);
  const name = Buffer.from(message.subarray(portalEnd + 1, nameEnd)).toString('utf8');
  return preparedText(client, name);
}

function sqlTextOf(arg: unknown): string {
  const text =
    typeof arg === 'string'
      ? arg
      : typeof arg === 'object' && arg !== null && 'text' in arg
        ? String((arg as { text: unknown }).text)
        : String(arg);
  return text.replace(/\s+/g, ' ').trim();
}

const WRAPPED = ['query', 'exec', 'transaction', 'execProtocolRawStream'] as const;
const recording = new WeakSet<object>();

/**
 * Runs `run` and lists every statement it sent to `db` (each one a round trip to the database):
 * on PGlite the client's query, exec and transaction (its BEGIN and COMMIT) and each execution of a
 * statement runPrepared prepared; on PostgreSQL every query of every pooled client. Tests only: it
 * wraps the client while `run` runs.
 */
export async function recordStatements<T>(
  db: DbHandle['db'],
  run: () => Promise<T>,
): Promise<{ result: T; statements: CountedStatement[] }> {
  const statements: CountedStatement[] = [];
  const client = (db as unknown as { $client: QueryingClient }).$client;
  if ('totalCount' in client) {
    const { Client } = await import('pg');
    const proto = Client.prototype as unknown as QueryingClient;
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      statements.push(sqlTextOf(args[0]));
      return original.apply(this, args);
    };
    try {
      return { result: await run(), statements };
    } finally {
      proto.query = original;
    }
  }
  const wrap = (target: QueryingClient): QueryingClient => ({
    query: (...args) => {
      statements.push(sqlTextOf(args[0]));
      return target.query(...args);
    },
    exec: (...args) => {
      statements.push(sqlTextOf(args[0]));
      return target.exec!(...args);
    },
  });
  if (recording.has(client)) throw new Error('recordStatements: the client is already wrapped');
  recording.add(client);
  // The database's own properties (trackTransactions puts its transaction there), put back after.
  const saved = WRAPPED.map(
    (name) => [name, Object.getOwnPropertyDescriptor(client, name)] as const,
  );
  const own = {
    query: client.query,
    exec: client.exec,
    transaction: client.transaction,
    execProtocolRawStream: client.execProtocolRawStream,
  };
  const wrapped = wrap({ query: own.query.bind(client), exec: own.exec!.bind(client) });
  client.query = wrapped.query;
  client.exec = wrapped.exec;
  // Executions of prepared statements (their preparation, once per database, goes through
  // execProtocolStream and is not a request's round trip).
  client.execProtocolRawStream = (message, ...rest) => {
    const text = boundStatement(client, message);
    if (text !== undefined) statements.push(sqlTextOf(text));
    return own.execProtocolRawStream!.call(client, message, ...rest);
  };
  client.transaction = (body) =>
    own.transaction!.call(client, async (tx) => {
      statements.push('BEGIN');
      const result = await body({ ...tx, ...wrap(tx) });
      statements.push('COMMIT');
      return result;
    });
  try {
    return { result: await run(), statements };
  } finally {
    const patched = client as Partial<QueryingClient>;
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(patched, name, descriptor);
      else delete patched[name];
    }
    recording.delete(client);
  }
}
