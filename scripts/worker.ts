/**
 * Worker: `npm run worker [-- --concurrency N --lease-ms N --poll-ms N --action-concurrency N
 * --action-lease-ms N]`.
 *
 * Runs the webhook dispatcher, the device action worker (actions and schedules) and the usage
 * retention job (lib/usage/retention.ts) on their own. Any number of workers (and servers) can share one
 * PostgreSQL database: they claim deliveries and actions with FOR UPDATE SKIP LOCKED and a lease. The
 * embedded PGlite database belongs to the server process, which runs all of them itself, so a worker
 * needs DATABASE_URL. SIGTERM/SIGINT stop it gracefully (in-flight work finishes); SIGKILL loses nothing
 * either — the leases of its claims expire and other workers take them over (an action's OEM call
 * carries the action id as its idempotency key, so it is never carried out twice).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseConfig } from '../lib/config';
import { openPostgres } from '../lib/db/client';
import { getLogger } from '../lib/log';
import { startUsageRetention } from '../lib/usage';
import { startActionWorker } from '../lib/actions';
import { startDispatcher } from '../lib/webhooks';

const flagsSchema = z
  .object({
    concurrency: z.coerce.number().int().min(1).max(1000).default(16),
    'lease-ms': z.coerce.number().int().min(100).default(60_000),
    'poll-ms': z.coerce.number().int().min(10).default(250),
    'action-concurrency': z.coerce.number().int().min(1).max(1000).default(32),
    'action-lease-ms': z.coerce.number().int().min(100).default(15_000),
  })
  .strict();

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string' },
      'lease-ms': { type: 'string' },
      'poll-ms': { type: 'string' },
      'action-concurrency': { type: 'string' },
      'action-lease-ms': { type: 'string' },
    },
    strict: true,
  });
  const flags = flagsSchema.parse(values);
  const config = parseConfig(process.env);
  if (!config.databaseUrl) {
    process.stderr.write(
      'The worker needs DATABASE_URL (a PostgreSQL database shared with the server). ' +
        'With the embedded database the server delivers webhooks and carries out actions itself; ' +
        'no worker is needed.\n',
    );
    return 2;
  }
  const log = getLogger();
  const handle = await openPostgres(config.databaseUrl, {
    max: Math.min(flags.concurrency + flags['action-concurrency'] + 4, 80),
  });
  const dispatcher = startDispatcher({
    db: handle.db,
    appSecret: config.appSecret,
    retrySchedule: config.webhookRetrySchedule,
    allowPrivate: config.webhookAllowPrivate,
    concurrency: flags.concurrency,
    leaseMs: flags['lease-ms'],
    pollIntervalMs: flags['poll-ms'],
    log: (event) => {
      if (event.event === 'webhook.attempt' || event.event === 'webhook.idle') log.debug(event);
      else log.warn(event);
    },
  });
  // Usage retention (roll-up and pruning) runs here too: any number of runs at once is harmless.
  const retention = startUsageRetention({
    getDb: async () => handle.db,
    log: ({ level, msg, ...event }) =>
      level === 'error' ? log.error(event, String(msg)) : log.debug(event, String(msg)),
  });
  const actionWorker = startActionWorker({
    db: handle.db,
    appSecret: config.appSecret,
    concurrency: flags['action-concurrency'],
    leaseMs: flags['action-lease-ms'],
    pollIntervalMs: flags['poll-ms'],
    log: (event) => {
      if (event.event === 'action.settled') log.debug(event);
      else log.warn(event);
    },
  });
  log.info({ event: 'worker.started', pid: process.pid, concurrency: flags.concurrency });

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info({ event: 'worker.stopping' });
  await actionWorker.stop();
  await dispatcher.stop();
  await retention.stop();
  await handle.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
