/**
 * Named prepared statements on the embedded database. PGlite's `query` sends six protocol messages per
 * call (Parse, Describe, Bind, Describe, Execute, Sync), each a separate pass through the WebAssembly
 * backend, and its statement is unnamed: parsed, analysed and planned again on every call. Here a
 * statement is parsed once per database (Close, Parse and Describe, which also names its parameter types
 * and its columns), and each call is one pass: Bind, Execute and Sync in a single message.
 *
 * Values are serialised and rows parsed exactly as PGlite's own `query` does (its serializers by
 * parameter type, its parsers by column type). The rows are read straight from the bytes the backend
 * wrote (PGlite's message parser copies every field into a buffer of its own first); an error is parsed
 * by PGlite's parser into the same DatabaseError its `query` throws. A call takes the same locks as
 * `query`: it waits for an open transaction to finish and for any other query; inside one of the
 * database's transactions it takes only the query lock, as PGlite's transaction object does. PGlite's
 * transaction object does not say which database it belongs to: `trackTransactions` (called where the
 * database is opened) records it.
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
  /**
   * Runs protocol messages and hands over the backend's answer as bytes, as it writes them (to the
   * reader given for this call, whatever reader an earlier call left installed).
   */
  execProtocolRawStream(
    message: Uint8Array,
    options: { syncToFs?: boolean; onRawData: (bytes: Uint8Array) => void },
  ): Promise<void>;
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
  /** The columns of its rows (none for a statement that returns none), as the backend described them. */
  columns: Column[];
}

interface Column {
  name: string;
  /** The column's type OID: which of PGlite's parsers reads it. */
  typeId: number;
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
    typeof c.execProtocolRawStream === 'function' &&
    typeof c._runExclusiveQuery === 'function' &&
    typeof c._runExclusiveTransaction === 'function'
  );
}

interface ProtocolCodec {
  protocol: typeof protocol;
  parse: typeof parse;
}
let codec: ProtocolCodec | undefined;
let loading: Promise<ProtocolCodec> | undefined;

/** PGlite's protocol serializer and result parser, loaded on first use (never at import). */
function protocolOf(): Promise<ProtocolCodec> {
  loading ??= import('@electric-sql/pglite').then((module) => (codec = module));
  return loading;
}

/** The text of the statement `name` as prepared on `client`, if it is (for tests that list statements). */
export function preparedText(client: object, name: string): string | undefined {
  return preparedBy.get(client as PgliteProtocolClient)?.get(name)?.text;
}

/** The statements prepared on `client` so far. */
function statementsOn(client: PgliteProtocolClient): Map<string, Prepared> {
  let statements = preparedBy.get(client);
  if (!statements) {
    statements = new Map();
    preparedBy.set(client, statements);
  }
  return statements;
}

/** SQLSTATE invalid_sql_statement_name: the statement was deallocated (e.g. by `DISCARD ALL`). */
const STATEMENT_MISSING = '26000';

export async function runPreparedOnPglite(
  target: { database: PgliteProtocolClient; transaction?: PgliteTransaction },
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<Rows> {
  const { protocol, parse } = codec ?? (await protocolOf());
  const { database: client, transaction } = target;
  // Inside a transaction its statements are written to disk at COMMIT, as PGlite's query does.
  const options = { syncToFs: !transaction };
  const known = statementsOn(client);

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
    const prepared: Prepared = {
      text,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      columns: columnsOf(messages, protocol),
    };
    known.set(name, prepared);
    return prepared;
  };

  const execute = async (prepared: Prepared): Promise<Rows> => {
    const params = values.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serialize = client.serializers[prepared.parameterTypes[index] ?? 0];
      return serialize ? serialize(value) : String(value);
    });
    const chunks: Uint8Array[] = [];
    await client.execProtocolRawStream(
      concat([
        protocol.serialize.bind({ statement: name, values: params }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      // The bytes are a view of the backend's buffer, which the next write reuses.
      { ...options, onRawData: (bytes) => chunks.push(bytes.slice()) },
    );
    const answer = chunks.length === 1 ? chunks[0]! : concat(chunks);
    return readRows(answer, prepared.columns, client.parsers, protocol);
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

type Messages = Parameters<typeof parse.parseResults>[0];

/** The columns a Describe of a statement named (its RowDescription; none when it returns no rows). */
function columnsOf(messages: Messages, protocol: ProtocolCodec['protocol']): Column[] {
  const description = messages.find(
    (message) => message instanceof protocol.messages.RowDescriptionMessage,
  );
  return description
    ? description.fields.map((field) => ({ name: field.name, typeId: field.dataTypeID }))
    : [];
}

const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const utf8 = new TextDecoder();

/**
 * The rows of an Execute's answer (BindComplete, DataRow…, CommandComplete, ReadyForQuery), each
 * field read as text and parsed by its column's type. Nothing else in the answer carries rows: the
 * project listens to no channel, and notices are not reported (as PGlite's `query` does by default).
 */
function readRows(
  answer: Uint8Array,
  columns: readonly Column[],
  parsers: PgliteProtocolClient['parsers'],
  protocol: ProtocolCodec['protocol'],
): Rows {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const rows: Rows = [];
  let offset = 0;
  while (offset + 5 <= answer.length) {
    const type = answer[offset];
    const end = offset + 1 + view.getInt32(offset + 1);
    if (type === ERROR_RESPONSE) throw databaseErrorOf(answer, protocol);
    if (type === DATA_ROW) {
      if (view.getInt16(offset + 5) !== columns.length) {
        throw new Error('A row does not have the columns its statement was described with');
      }
      const row: Record<string, unknown> = {};
      let at = offset + 7;
      for (const column of columns) {
        const length = view.getInt32(at);
        at += 4;
        if (length < 0) {
          row[column.name] = null;
          continue;
        }
        const value = utf8.decode(answer.subarray(at, at + length));
        at += length;
        const parser = parsers[column.typeId];
        row[column.name] = parser ? parser(value, column.typeId) : value;
      }
      rows.push(row);
    }
    offset = end;
  }
  return rows;
}

/** The error an answer reports, as PGlite's `query` would throw it (its DatabaseError, code and all). */
function databaseErrorOf(answer: Uint8Array, protocol: ProtocolCodec['protocol']): Error {
  let error: Error | undefined;
  new protocol.Parser().parse(answer, (message) => {
    if (!error && message instanceof protocol.messages.DatabaseError) error = message;
  });
  return error ?? new Error('The database refused the statement without saying why');
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
