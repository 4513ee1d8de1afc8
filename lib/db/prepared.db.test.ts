import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { DbHandle } from './client';
import { runPrepared } from './prepared';
import { openTestDb } from './testing';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
  await handle.db.execute(
    sql`CREATE TABLE prepared_probe (id text PRIMARY KEY, n integer, tags text[], doc jsonb, at timestamptz)`,
  );
}, 120_000);
afterAll(() => handle.close());

const INSERT = `INSERT INTO prepared_probe (id, n, tags, doc, at)
  VALUES ($1::text, $2::integer, $3::text[], $4::jsonb, $5::timestamptz) RETURNING *`;
const COUNT = `SELECT count(*)::integer AS n FROM prepared_probe WHERE id LIKE $1::text`;

describe('runPrepared', () => {
  it('sends values and parses rows as the driver does (arrays, JSON, timestamps, nulls)', async () => {
    const at = new Date('2026-05-01T10:00:00.000Z');
    const [row] = await runPrepared(handle.db, 'probe_insert', INSERT, [
      'types',
      7,
      ['a', 'b,c', 'd"e'],
      JSON.stringify({ deep: { list: [1, 2] } }),
      at,
    ]);
    expect(row).toEqual({
      id: 'types',
      n: 7,
      tags: ['a', 'b,c', 'd"e'],
      doc: { deep: { list: [1, 2] } },
      at,
    });
    const [empty] = await runPrepared(handle.db, 'probe_insert', INSERT, [
      'nulls',
      null,
      null,
      null,
      undefined,
    ]);
    expect(empty).toEqual({ id: 'nulls', n: null, tags: null, doc: null, at: null });
  });

  it('runs the same statement many times with different values', async () => {
    for (let i = 0; i < 20; i++) {
      await runPrepared(handle.db, 'probe_insert', INSERT, [`many-${i}`, i, [], '{}', new Date()]);
    }
    const [row] = await runPrepared(handle.db, 'probe_count', COUNT, ['many-%']);
    expect(row).toEqual({ n: 20 });
  });

  it('reports a failing statement with its SQLSTATE and keeps working after it', async () => {
    await expect(
      runPrepared(handle.db, 'probe_insert', INSERT, ['types', 1, [], '{}', new Date()]),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'prepared_probe_pkey',
      detail: 'Key (id)=(types) already exists.',
    });
    await expect(
      runPrepared(handle.db, 'probe_count_bad', `SELECT $1::integer AS n`, ['not a number']),
    ).rejects.toMatchObject({ code: '22P02' });
    const [row] = await runPrepared(handle.db, 'probe_count', COUNT, ['types']);
    expect(row).toEqual({ n: 1 });
  });

  it('never runs inside another caller’s open transaction: it waits for it to end', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedRow = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO prepared_probe (id) VALUES ('uncommitted')`);
        inserted();
        await held;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await insertedRow;
    const counted = runPrepared(handle.db, 'probe_count', COUNT, ['uncommitted']);
    release();
    expect(await rolledBack).toBe('rolled back');
    expect(await counted).toEqual([{ n: 0 }]);
  });

  it('inside a transaction, sees and rolls back with it', async () => {
    const seen = await handle.db
      .transaction(async (tx) => {
        await runPrepared(tx, 'probe_insert', INSERT, ['in-tx', 1, [], '{}', new Date()]);
        const rows = await runPrepared(tx, 'probe_count', COUNT, ['in-tx']);
        tx.rollback();
        return rows;
      })
      .catch((error: unknown) => error);
    expect(seen).toBeInstanceOf(Error);
    expect(await runPrepared(handle.db, 'probe_count', COUNT, ['in-tx'])).toEqual([{ n: 0 }]);
  });

  it('answers as the driver does for many rows, wide text and none at all', async () => {
    const many = `SELECT i AS n, repeat(chr(228) || $2::text, i % 50) AS text, NULL::jsonb AS doc
      FROM generate_series(1, $1::integer) AS i`;
    const values = [5000, 'ë€😀'];
    const expected = await handle.db.execute(
      sql`SELECT i AS n, repeat(chr(228) || ${values[1]}::text, i % 50) AS text, NULL::jsonb AS doc
        FROM generate_series(1, ${values[0]}::integer) AS i`,
    );
    const rows = await runPrepared(handle.db, 'probe_many', many, values);
    expect(rows).toHaveLength(5000);
    expect(rows).toEqual((expected as unknown as { rows: unknown[] }).rows);
    expect(
      await runPrepared(
        handle.db,
        'probe_touch',
        `UPDATE prepared_probe SET n = n WHERE id = $1::text`,
        ['types'],
      ),
    ).toEqual([]);
    expect(await runPrepared(handle.db, 'probe_count', COUNT, ['nothing-matches-%'])).toEqual([
      { n: 0 },
    ]);
  });
});

// The embedded database's own behaviour: skipped (and reported so) on the PostgreSQL project.
describe.skipIf(process.env.TEST_DB === 'postgres')('runPrepared on the embedded database', () => {
  it('prepares a statement again after the backend dropped it (DEALLOCATE ALL)', async () => {
    await runPrepared(handle.db, 'probe_count', COUNT, ['%']);
    await handle.db.execute(sql`DEALLOCATE ALL`);
    const [row] = await runPrepared(handle.db, 'probe_count', COUNT, ['types']);
    expect(row).toEqual({ n: 1 });
  });

  it('refuses a name already prepared with another text', async () => {
    await runPrepared(handle.db, 'probe_count', COUNT, ['%']);
    await expect(runPrepared(handle.db, 'probe_count', `SELECT 1 AS n`, [])).rejects.toThrow(
      /another text/,
    );
  });

  it('runs prepared statements inside a transaction too, and rolls back with it', async () => {
    const refused = await handle.db
      .transaction(async (tx) => {
        await runPrepared(tx, 'tx_insert', INSERT, ['tx-fast', 1, [], '{}', new Date()]);
        expect(await runPrepared(tx, 'tx_count', COUNT, ['tx-fast'])).toEqual([{ n: 1 }]);
        // Only the prepared-statement path knows the name's text: the transaction's query would run it.
        return runPrepared(tx, 'tx_count', `SELECT 1 AS n`, []);
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).toMatch(/another text/);
    expect(await runPrepared(handle.db, 'tx_count', COUNT, ['tx-fast'])).toEqual([{ n: 0 }]);
  });

  it('a statement dropped by the backend fails the transaction that meets it, then is prepared again', async () => {
    await runPrepared(handle.db, 'dropped_count', COUNT, ['%']);
    await handle.db.execute(sql`DEALLOCATE dropped_count`);
    const failed = await handle.db
      .transaction((tx) => runPrepared(tx, 'dropped_count', COUNT, ['types']))
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: '26000' });
    expect(
      await handle.db.transaction((tx) => runPrepared(tx, 'dropped_count', COUNT, ['types'])),
    ).toEqual([{ n: 1 }]);
  });

  it('replaces a statement of the same name it did not prepare', async () => {
    await handle.db.execute(sql`PREPARE foreign_probe AS SELECT 2 AS n`);
    expect(await runPrepared(handle.db, 'foreign_probe', `SELECT 1 AS n`, [])).toEqual([{ n: 1 }]);
  });

  it('is shared by every copy of the module (the server and the Next bundles hold their own)', async () => {
    await runPrepared(handle.db, 'shared_count', COUNT, ['%']);
    vi.resetModules();
    const copy = await import('./prepared');
    expect(copy.runPrepared).not.toBe(runPrepared);
    // The copy knows the statement this copy prepared, and the transaction the database opened.
    await expect(copy.runPrepared(handle.db, 'shared_count', `SELECT 1 AS n`, [])).rejects.toThrow(
      /another text/,
    );
    const inTransaction = await handle.db
      .transaction((tx) => copy.runPrepared(tx, 'shared_count', `SELECT 1 AS n`, []))
      .catch((error: unknown) => error);
    expect(String(inTransaction)).toMatch(/another text/);
    expect(await copy.runPrepared(handle.db, 'shared_count', COUNT, ['types'])).toEqual([{ n: 1 }]);
  });

  it('reads its answer even after the socket server ran raw protocol (which leaves its reader installed)', async () => {
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const { protocol } = await import('@electric-sql/pglite');
    let socketBytes = 0;
    // What PGLiteSocketServer does for each message of a psql or admin CLI connection.
    await client.runExclusive(() =>
      client.execProtocolRawStream(protocol.serialize.query('SELECT 1'), {
        onRawData: (bytes) => (socketBytes += bytes.length),
      }),
    );
    expect(socketBytes).toBeGreaterThan(0);
    const before = socketBytes;
    expect(await runPrepared(handle.db, 'probe_count', COUNT, ['types'])).toEqual([{ n: 1 }]);
    expect(socketBytes).toBe(before);
  });
});
