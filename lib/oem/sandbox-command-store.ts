import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { SandboxCommandLog } from './sandbox-commands';

/**
 * The sandbox OEMs' command memory in the database (table sandbox.simulated_oem_commands): it
 * outlives a crashed worker and is shared by every worker, as a real OEM's memory would be — which
 * is what makes an action id a working idempotency key across crashes.
 */

const rowSchema = z.object({
  oem_device_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  first_seen_at: z.coerce.date(),
  sequence: z.coerce.number(),
  calls: z.coerce.number(),
  inserted: z.boolean(),
});

/** Whether `error` (or its cause) is PostgreSQL's unique_violation. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export function createDbCommandLog(db: Db): SandboxCommandLog {
  return {
    async submit({ oem, key, oemDeviceId, action, now }) {
      // The device's next sequence number is read in the same statement; two new commands for one
      // device at once collide on (oem, device, sequence), and the loser simply tries again.
      for (let attempt = 0; ; attempt++) {
        try {
          const result = (await db.execute(sql`
            INSERT INTO "sandbox"."simulated_oem_commands"
              (oem, key, oem_device_id, type, params, first_seen_at, sequence)
            SELECT ${oem}::text, ${key}::text, ${oemDeviceId}::text, ${action.type}::text,
                   ${JSON.stringify(action.params)}::jsonb, ${now.toISOString()}::timestamptz,
                   COALESCE(MAX(sequence), 0) + 1
            FROM "sandbox"."simulated_oem_commands"
            WHERE oem = ${oem}::text AND oem_device_id = ${oemDeviceId}::text
            ON CONFLICT (oem, key) DO UPDATE SET calls = "simulated_oem_commands".calls + 1
            RETURNING oem_device_id, type, params, first_seen_at, sequence, calls,
                      (xmax = 0) AS inserted`)) as unknown as { rows: unknown[] };
          const row = rowSchema.parse(result.rows[0]);
          return {
            command: {
              oem,
              key,
              oemDeviceId: row.oem_device_id,
              type: row.type,
              params: row.params,
              firstSeenAt: row.first_seen_at,
              sequence: row.sequence,
              calls: row.calls,
            },
            isNew: row.inserted,
          };
        } catch (error) {
          if (attempt >= 10 || !isUniqueViolation(error)) throw error;
        }
      }
    },
  };
}
