import type { Tx } from './client';
import type { Environment } from '../vocabulary';
import { protocolTarget, runPreparedOnPglite } from './pglite-prepared';

/**
 * Fixed SQL texts run without a query builder as named prepared statements: on PostgreSQL parsed and
 * planned once per connection, on the embedded database once per database (pglite-prepared.ts). For
 * the hot paths (a journey's steps): no SQL is built per request.
 */

type Rows = Record<string, unknown>[];

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Rows }>;
}
interface PgliteClient {
  exec(text: string): Promise<unknown>;
  query(text: string, values: unknown[]): Promise<{ rows: Rows }>;
}

/** The driver's client under a database or an open transaction (a pool, a pooled client, PGlite). */
function driverOf(db: Tx): PgClient | PgliteClient {
  return (db as unknown as { session: { client: PgClient | PgliteClient } }).session.client;
}

/**
 * Runs the fixed SQL `text` (named `name`; one name per text, for the whole process) with `values`,
 * in the transaction `db` is, if any. Values are sent as text, as the driver would: cast them in SQL.
 */
export async function runPrepared(
  db: Tx,
  name: string,
  text: string,
  values: unknown[],
): Promise<Rows> {
  const client = driverOf(db);
  const pglite = protocolTarget(client);
  if (pglite) return runPreparedOnPglite(pglite, name, text, values);
  if ('exec' in client) return (await client.query(text, values)).rows;
  return (await client.query({ name, text, values })).rows;
}

/**
 * A fixed SQL text per environment, built once on first use: `build` gets the quoted schema name (the
 * environment, one of ENVIRONMENTS, never request text).
 */
export function sqlPerEnvironment(
  build: (schema: string, env: Environment) => string,
): (env: Environment) => string {
  const texts = new Map<Environment, string>();
  return (env) => {
    let text = texts.get(env);
    if (text === undefined) {
      text = build(`"${env}"`, env);
      texts.set(env, text);
    }
    return text;
  };
}
