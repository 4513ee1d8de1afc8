/**
 * Named prepared statements on the embedded database. PGlite's `query` sends six protocol messages per
 * call (Parse, Describe, Bind, Describe, Execute, Sync), each a separate pass through the WebAssembly
 * backend, and its statement is unnamed: parsed, analysed and planned again on every call. Here a
 * statement is parsed once per database (Close, Parse and Describe, which also names its parameter types),
 * and each call is one pass: Bind, Describe, Execute and Sync in a single message.
 *
 * Values are serialised and rows parsed exactly as PGlite's own `query` does (its serializers by
 * parameter type, its parsers by column type), and a call takes the same locks: it waits for an open
 * transaction to finish and for any other query; inside one of the database's transactions it takes
 * only the query lock, as PGlite's transaction object does. PGlite's transaction object does not say
 * which database it belongs to: `trackTransactions` (called where the database is opened) records it.
 */
import type { parse, protocol } from '@electric-sql/pglite';

type Rows = Record<string, unknown>[];

/** The parts of a PGlite instance this module uses: public API and its documented lock helpers. */
export interface PgliteProtocolClient {
  /**
   * Runs protocol messages and parses what the backend answers. (Not `execProtocol`: it parses only
   * when no raw reader is left installed, and the socket server's `execProtocolRawStream` leaves its
   * reader in place, so the answer would go to the socket's client.)
   */
  execProtocolStream(
    message: Uint8Array,
    options?: { syncToFs?: boolean },
  ): Promise<Parameters<typeof parse.parseResults>[0]>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  transaction<T>(run: (tx: PgliteTransaction) => Promise<T>): Promise<T>;
  serializers: Record<number | string, (value: unknown) => string>;
  parsers: Record<number | string, (value: string, typeId?: number) => unknown>;
}

/** PGlite's transaction object, as far as this module needs it. */
interface PgliteTransaction {
  readonly closed: boolean;
}

interface Prepared {
  text: string;
  /** The parameters' type OIDs, as the backend inferred them. */
  parameterTypes: number[];
}

interface SharedState {
  /** Each open transaction's database (see trackTransactions). */
  databaseOf: WeakMap<object, PgliteProtocolClient>;
  /** Statements prepared on each database (a backend's prepared statements live as long as it does). */
  preparedBy: WeakMap<PgliteProtocolClient, Map<string, Prepared>>;
}

/**
 * Kept on globalThis: the custom server and the Next bundles each hold their own copy of this module,
 * and all of them share one database (lib/db/client.ts): a transaction opened by one copy, or a
 * statement prepared by another, must be known to all.
 */
const stateKey = Symbol.for('auth-journey.pglite-prepared');
type GlobalWithState = typeof globalThis & { [stateKey]?: SharedState };
const shared: SharedState = ((globalThis as GlobalWithState)[stateKey] ??= {
  databaseOf: new WeakMap(),
  preparedBy: new WeakMap(),
});
const { databaseOf, preparedBy } = shared;

/**
 * Makes `client` record each transaction it opens, so that runPrepared inside one runs the database's
 * prepared statements too. Call once, where the database is opened.
 */
export function trackTransactions<C extends PgliteProtocolClient>(client: C): C {
  const transaction = client.transaction.bind(client);
  client.transaction = (run) =>
    transaction((tx) => {
      databaseOf.set(tx, client);
      return run(tx);
    });
  return client;
}

/** The database and transaction runPrepared was given, when it can run them by the protocol. */
export function protocolTarget(
  client: unknown,
): { database: PgliteProtocolClient; transaction?: PgliteTransaction } | undefined {
  if (isPgliteProtocolClient(client)) return { database: client };
  const database = typeof client === 'object' && client ? databaseOf.get(client) : undefined;
  return database ? { database, transaction: client as PgliteTransaction } : undefined;
}

function isPgliteProtocolClient(client: unknown): client is PgliteProtocolClient {
  const c = client as Partial<PgliteProtocolClient> | null;
  return (
    typeof c?.execProtocolStream === 'function' &&
    typeof c._runExclusiveQuery === 'function' &&
    typeof c._runExclusiveTransaction === 'function'
  );
}

interface ProtocolCodec {
  protocol: typeof protocol;
  parse: typeof parse;
}
let pglite: Promise<ProtocolCodec> | undefined;

/** PGlite's protocol serializer and result parser, loaded on first use (never at import). */
function protocolOf(): Promise<ProtocolCodec> {
  pglite ??= import('@electric-sql/pglite');
  return pglite;
}

/** The text of the statement `name` as prepared on `client`, if it is (for tests that list statements). */
export function preparedText(client: object, name: string): string | undefined {
  return preparedBy.get(client as PgliteProtocolClient)?.get(name)?.text;
}

/** SQLSTATE invalid_sql_statement_name: the statement was deallocated (e.g. by `DISCARD ALL`). */
const STATEMENT_MISSING = '26000';

export async function runPreparedOnPglite(
  target: { database: PgliteProtocolClient; transaction?: PgliteTransaction },
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<Rows> {
  const { protocol, parse } = await protocolOf();
  const { database: client, transaction } = target;
  // Inside a transaction its statements are written to disk at COMMIT, as PGlite's query does.
  const options = { syncToFs: !transaction };
  let statements = preparedBy.get(client);
  if (!statements) {
    statements = new Map();
    preparedBy.set(client, statements);
  }
  const known = statements;

  // Closing first (not an error when there is nothing to close) replaces a statement of that name
  // that this process does not know about, e.g. one an operator prepared through the socket.
  const prepare = async (): Promise<Prepared> => {
    const messages = await client.execProtocolStream(
      concat([
        protocol.serialize.close({ type: 'S', name }),
        protocol.serialize.parse({ name, text, types: [] }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      options,
    );
    const prepared = { text, parameterTypes: parse.parseDescribeStatementResults(messages) };
    known.set(name, prepared);
    return prepared;
  };

  const execute = async (prepared: Prepared): Promise<Rows> => {
    const params = values.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serialize = client.serializers[prepared.parameterTypes[index] ?? 0];
      return serialize ? serialize(value) : String(value);
    });
    const messages = await client.execProtocolStream(
      concat([
        protocol.serialize.bind({ statement: name, values: params }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      options,
    );
    return (parse.parseResults(messages, client.parsers)[0]?.rows ?? []) as Rows;
  };

  const run = async () => {
    if (transaction?.closed) throw new Error('Transaction is closed');
    let prepared = known.get(name);
    if (prepared && prepared.text !== text) {
      throw new Error(`Prepared statement ${name} is already defined with another text`);
    }
    prepared ??= await prepare();
    try {
      return await execute(prepared);
    } catch (error) {
      if ((error as { code?: unknown }).code !== STATEMENT_MISSING) throw error;
      known.delete(name);
      // Inside a transaction the failure has aborted it: the caller's transaction fails (and its
      // retry prepares the statement again). Only an operator's DEALLOCATE or DISCARD gets here.
      if (transaction) throw error;
      return execute(await prepare());
    }
  };
  // The transaction lock is the open transaction's own; outside one, wait for any to end.
  return transaction
    ? client._runExclusiveQuery(run)
    : client._runExclusiveTransaction(() => client._runExclusiveQuery(run));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
