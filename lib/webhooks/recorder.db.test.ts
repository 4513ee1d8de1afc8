import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { claimDueDeliveries } from './deliveries';
import type { AttemptOutcome } from './deliveries';
import { manualClock, useDispatcherTestbed } from './dispatcher-testbed';
import { createRecorder } from './recorder';

const { db, setup, enqueue } = useDispatcherTestbed();

describe('recording outcomes', () => {
  it('outcomes handed over in the same turn of the event loop are written by one statement', async () => {
    const { customerId } = await setup();
    const clock = manualClock();
    for (let i = 0; i < 5; i++) await enqueue(customerId, clock.now());
    const claims = await claimDueDeliveries(db(), 'sandbox', {
      now: clock.now(),
      leaseMs: 60_000,
      limit: 10,
    });
    expect(claims).toHaveLength(5);
    const outcome: AttemptOutcome = {
      status: 'succeeded',
      nextAttemptAt: null,
      statusCode: 204,
      responseBytes: 0,
      error: null,
      durationMs: 1,
      at: clock.now(),
    };
    const record = createRecorder(db());
    // As deliveries finishing together do: one after the other, without waiting in between.
    const applied = await Promise.all(claims.map((claim) => record(claim, outcome)));
    expect(applied).toEqual([true, true, true, true, true]);
    // Rows written by one statement carry the same transaction id.
    const result = (await db().execute(sql`
      SELECT count(DISTINCT xmin::text)::int AS writes FROM sandbox.webhook_deliveries
      WHERE id IN (${sql.join(
        claims.map((c) => sql`${c.deliveryId}::bigint`),
        sql`, `,
      )}) AND status = 'succeeded'`)) as unknown as { rows: unknown[] };
    expect(z.array(z.object({ writes: z.number() })).parse(result.rows)).toEqual([{ writes: 1 }]);
  });
});
