/**
 * Named prepared statements on the embedded database. PGlite's `query` sends six protocol messages per
 * call (Parse, Describe, Bind, Describe, Execute, Sync), each a separate pass through the WebAssembly
 * backend, and its statement is unnamed: parsed, analysed and planned again on every call. Here a
 * statement is parsed once per database (Parse and Describe, which also names its parameter types),
 * and each call is one pass: Bind, Describe, Execute and Sync in a single message.
 *
 * Values are serialised and rows parsed exactly as PGlite's own `query` does (its serializers by
 * parameter type, its parsers by column type), and a call takes the same locks: it waits for an open
 * transaction to finish and for any other query. Inside a transaction PGlite's `query` is used
 * instead (its transaction object does not expose the protocol).
 */
import type { ExecProtocolResult } from '@electric-sql/pglite';

type Rows = Record<string, unknown>[];

/** The parts of a PGlite instance this module uses: public API and its documented lock helpers. */
export interface PgliteProtocolClient {
  execProtocol(message: Uint8Array): Promise<ExecProtocolResult>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  serializers: Record<number | string, (value: unknown) => string>;
  parsers: Record<number | string, (value: string, typeId?: number) => unknown>;
}

export function isPgliteProtocolClient(client: unknown): client is PgliteProtocolClient {
  const c = client as Partial<PgliteProtocolClient> | null;
  return (
    typeof c?.execProtocol === 'function' &&
    typeof c._runExclusiveQuery === 'function' &&
    typeof c._runExclusiveTransaction === 'function'
  );
}

interface Prepared {
  text: string;
  /** The parameters' type OIDs, as the backend inferred them. */
  parameterTypes: number[];
}

/** Statements prepared on each database (a backend's prepared statements live as long as it does). */
const preparedBy = new WeakMap<PgliteProtocolClient, Map<string, Prepared>>();

type Pglite = typeof import('@electric-sql/pglite');
let pglite: Promise<Pick<Pglite, 'protocol' | 'parse'>> | undefined;

/** PGlite's protocol serializer and result parser, loaded on first use (never at import). */
function protocolOf(): Promise<Pick<Pglite, 'protocol' | 'parse'>> {
  pglite ??= import('@electric-sql/pglite');
  return pglite;
}

/** The text of the statement `name` as prepared on `client`, if it is (for tests that list statements). */
export function preparedText(client: PgliteProtocolClient, name: string): string | undefined {
  return preparedBy.get(client)?.get(name)?.text;
}

/** SQLSTATE invalid_sql_statement_name: the statement was deallocated (e.g. by `DISCARD ALL`). */
const STATEMENT_MISSING = '26000';

export async function runPreparedOnPglite(
  client: PgliteProtocolClient,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<Rows> {
  const { protocol, parse } = await protocolOf();
  let statements = preparedBy.get(client);
  if (!statements) {
    statements = new Map();
    preparedBy.set(client, statements);
  }
  const known = statements;

  const prepare = async (): Promise<Prepared> => {
    const { messages } = await client.execProtocol(
      concat([
        protocol.serialize.parse({ name, text, types: [] }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
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
    const { messages } = await client.execProtocol(
      concat([
        protocol.serialize.bind({ statement: name, values: params }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
    );
    return (parse.parseResults(messages, client.parsers)[0]?.rows ?? []) as Rows;
  };

  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
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
        return execute(await prepare());
      }
    }),
  );
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
