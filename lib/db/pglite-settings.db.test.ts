import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PGLITE_SHARED_BUFFERS, openPglite } from './client';

describe('openPglite', () => {
  // A fresh embedded database (initdb and every migration, no template): slow on a busy machine.
  it('runs the embedded database with the smaller buffer pool', { timeout: 180_000 }, async () => {
    const handle = await openPglite(undefined);
    try {
      const result = (await handle.db.execute(sql`SHOW shared_buffers`)) as unknown as {
        rows: { shared_buffers: string }[];
      };
      expect(result.rows[0]?.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
    } finally {
      await handle.close();
    }
  });
});
