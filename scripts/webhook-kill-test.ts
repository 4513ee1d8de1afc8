/**
 * Kill test for webhook delivery: `npx tsx scripts/webhook-kill-test.ts --db pglite|postgres`
 * [--events 200] [--kills 10] [--schedule 0,0.2,0.5,1,...] [--database-url postgresql://...].
 *
 * A local receiver (one event in ten refused at first sight, so retries happen) verifies every signature
 * and counts 2xx answers per webhook-id. Dispatcher child processes are SIGKILLed at random moments —
 * while starting, before, during and after HTTP calls and database writes — and restarted, while events
 * keep being written. At the end every event must have been received (lost = 0, else exit code 1);
 * duplicates, the price of at-least-once, are counted and printed.
 *
 * PGlite: one child at a time (this script with --child) owns the file-backed data dir, delivers and
 * also writes half of the events, so a commit undone by a kill would show up as lost. PostgreSQL: two
 * `scripts/worker.ts` processes; this process writes the events meanwhile.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';
import { z } from 'zod';
import { openPglite, openPostgres } from '../lib/db/client';
import type { Db, DbHandle } from '../lib/db/client';
import { sql } from 'drizzle-orm';
import { customers, tablesFor } from '../lib/db/schema';
import {
  countDeliveries,
  createWebhookEndpoint,
  enqueueEvent,
  notifyDispatcher,
  startDispatcher,
} from '../lib/webhooks';
import { startReceiver, verifyStandardWebhook } from '../lib/webhooks/testing';
import {
  createScratchPostgres,
  killRepeatedly,
  parseFlags,
  randomBetween,
  sleep,
  spawnTsx,
  waitExit,
  within,
} from './kill-test-support';

const SCRIPT = fileURLToPath(import.meta.url);
const APP_SECRET = `kill-test-${randomBytes(24).toString('hex')}`;
/**
 * Short, so that deliveries of a killed child come back quickly, yet longer than an attempt takes on a
 * busy machine (a fresh PGlite's first queries take seconds): a lease that runs out mid-attempt makes
 * the same process claim its own delivery again.
 */
const CHILD_LEASE_MS = 5000;

const flagsSchema = z
  .object({
    db: z.enum(['pglite', 'postgres']).default('pglite'),
    events: z.coerce.number().int().min(1).default(200),
    kills: z.coerce.number().int().min(0).default(10),
    schedule: z
      .string()
      .regex(/^[\d.]+(,[\d.]+)*$/)
      .default('0,0.2,0.5,1,1,1,1,1,1,1'),
    'database-url': z.string().optional(),
    'time-limit-s': z.coerce.number().positive().default(110),
    child: z.boolean().default(false),
    'data-dir': z.string().optional(),
    customer: z.string().optional(),
    'produce-until': z.coerce.number().int().min(0).default(0),
    verbose: z.boolean().default(false),
  })
  .strict();
type Flags = z.infer<typeof flagsSchema>;

/**
 * --child: a dispatcher over the file-backed PGlite data dir, until killed or told to stop. It also
 * writes events (as the server would, in transactions) until the data dir holds `--produce-until` of
 * them, printing `enq <id>` after each commit: an event whose commit a SIGKILL undid would show up as lost.
 */
async function runChild(flags: Flags): Promise<void> {
  if (!flags['data-dir'] || !flags.customer)
    throw new Error('--data-dir and --customer are required');
  const handle = await openPglite(flags['data-dir']);
  const dispatcher = startDispatcher({
    db: handle.db,
    appSecret: process.env.KILL_TEST_APP_SECRET ?? '',
    allowPrivate: true,
    retrySchedule: flags.schedule.split(',').map(Number),
    concurrency: 4,
    leaseMs: CHILD_LEASE_MS,
    pollIntervalMs: 100,
    log: flags.verbose
      ? (entry) => process.stderr.write(`child ${process.pid} ${JSON.stringify(entry)}\n`)
      : undefined,
  });
  process.stdout.write('ready\n');
  let stopping = false;
  const producing = (async () => {
    const events = tablesFor('sandbox').webhookEvents;
    const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(events);
    let total = Number(row?.n ?? 0);
    while (!stopping && total < flags['produce-until']) {
      const ids = new Set<string>();
      const count = Math.min(10, flags['produce-until'] - total);
      await enqueueBatch(handle.db, flags.customer!, count, ids);
      total += count;
      process.stdout.write([...ids].map((id) => `enq ${id}\n`).join(''));
      notifyDispatcher();
      await sleep(100);
    }
    process.stdout.write('produced-all\n');
  })();
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  stopping = true;
  await producing;
  await dispatcher.stop();
  await handle.close();
}

interface Fleet {
  children: Set<ChildProcess>;
  spawnOne(): ChildProcess;
}

/** Resolves when the receiver gets its next request. */
let nextRequest: () => Promise<void> = () => Promise.resolve();

/** Lines a child prints, for the parent to follow (committed event ids). */
let onChildLine: (line: string) => void = () => undefined;

function spawnProcess(args: string[], env: Record<string, string>): ChildProcess {
  return spawnTsx(args, env, (line) => onChildLine(line));
}

async function seed(db: Db, receiverUrl: string) {
  const customerId = `cus_kill_${randomBytes(4).toString('hex')}`;
  await db.insert(customers).values({ id: customerId, name: 'Kill Test' });
  const { secret } = await createWebhookEndpoint(
    db,
    'sandbox',
    { customerId, url: `${receiverUrl}/hook` },
    { appSecret: APP_SECRET, allowPrivate: true },
  );
  return { customerId, secret };
}

async function enqueueBatch(db: Db, customerId: string, count: number, ids: Set<string>) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const { eventId } = await enqueueEvent(tx, 'sandbox', {
        customerId,
        type: 'device.connected',
        data: { deviceId: `dev_${ids.size + i}` },
      });
      ids.add(eventId);
    }
  });
}

async function runParent(flags: Flags): Promise<number> {
  const started = Date.now();
  const trace = (what: string) => {
    if (flags.verbose)
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}\n`);
  };
  const deadline = started + flags['time-limit-s'] * 1000;
  const receiver = await startReceiver();
  const eventIds = new Set<string>();
  const receipts = new Map<string, number>();
  /** 2xx answers per event: more than one is a duplicate the receiver has to drop. */
  const acks = new Map<string, number>();
  let badSignatures = 0;
  let secret = '';
  const requestWaiters: Array<() => void> = [];
  nextRequest = () => new Promise<void>((resolve) => requestWaiters.push(resolve));
  receiver.respond = async (request) => {
    for (const waiter of requestWaiters.splice(0)) waiter();
    const id = String(request.headers['webhook-id']);
    if (!verifyStandardWebhook(secret, request.headers, request.body, new Date())) {
      badSignatures++;
      return { status: 400 };
    }
    const seen = receipts.get(id) ?? 0;
    receipts.set(id, seen + 1);
    await sleep(randomBetween(20, 100)); // the dispatcher is mid-request for a while: kills land here
    // One event in ten is refused at first sight, so retries are part of the run.
    const flaky = createHash('sha256').update(id).digest()[0]! < 26;
    if (flaky && seen === 0) return { status: 500 };
    acks.set(id, (acks.get(id) ?? 0) + 1);
    return { status: 200 };
  };

  const env = {
    KILL_TEST_APP_SECRET: APP_SECRET,
    APP_SECRET,
    WEBHOOK_RETRY_SCHEDULE: flags.schedule,
    LOG_LEVEL: 'warn',
  };
  let handle: DbHandle;
  let producing: Promise<void> = Promise.resolve();
  let dataDir: string | undefined;
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  let fleet: Fleet;
  let workers: number;
  if (flags.db === 'pglite') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'aj-kill-'));
    handle = await openPglite(dataDir);
    const seeded = await seed(handle.db, receiver.url);
    secret = seeded.secret;
    // One process per data dir: half the events are written before the first child opens it; the
    // children write the rest while being killed.
    const upfront = Math.ceil(flags.events / 2);
    for (let i = 0; i < upfront; i += 50) {
      await enqueueBatch(handle.db, seeded.customerId, Math.min(50, upfront - i), eventIds);
    }
    await handle.close();
    producing = new Promise<void>((resolve) => {
      onChildLine = (line) => {
        if (line.startsWith('enq ')) eventIds.add(line.slice(4));
        if (line === 'produced-all') resolve();
      };
    });
    workers = 1;
    const dir = dataDir;
    const children = new Set<ChildProcess>();
    fleet = {
      children,
      spawnOne() {
        const child = spawnProcess(
          [
            SCRIPT,
            '--child',
            '--data-dir',
            dir,
            '--schedule',
            flags.schedule,
            '--customer',
            seeded.customerId,
            '--produce-until',
            String(flags.events),
            ...(flags.verbose ? ['--verbose'] : []),
          ],
          env,
        );
        children.add(child);
        child.once('exit', () => children.delete(child));
        return child;
      },
    };
  } else {
    const base =
      flags['database-url'] ??
      process.env.TEST_DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/test';
    scratch = await createScratchPostgres(base, 'aj_kill');
    handle = await openPostgres(scratch.url);
    secret = (await seed(handle.db, receiver.url)).secret;
    workers = 2;
    const children = new Set<ChildProcess>();
    const url = scratch.url;
    fleet = {
      children,
      spawnOne() {
        const child = spawnProcess(
          [
            'scripts/worker.ts',
            '--concurrency',
            '4',
            '--lease-ms',
            String(CHILD_LEASE_MS),
            '--poll-ms',
            '100',
          ],
          { ...env, DATABASE_URL: url, LOG_LEVEL: 'info' },
        );
        children.add(child);
        child.once('exit', () => children.delete(child));
        return child;
      },
    };
  }

  trace('database ready');
  for (let i = 0; i < workers; i++) fleet.spawnOne();

  // PostgreSQL: the producer keeps writing events while workers are being killed.
  if (flags.db === 'postgres') {
    const customerId = (await handle.db.select({ id: customers.id }).from(customers))[0]!.id;
    producing = (async () => {
      while (eventIds.size < flags.events) {
        await enqueueBatch(
          handle.db,
          customerId,
          Math.min(4, flags.events - eventIds.size),
          eventIds,
        );
        await sleep(250); // spread over the kills: 200 events take about 12 s
      }
    })();
  }

  const kills = await killRepeatedly({
    children: () => [...fleet.children],
    spawnOne: () => fleet.spawnOne(),
    kills: flags.kills,
    deadline,
    nextRequest,
    afterKill: (kills) => trace(`kill ${kills}: ${eventIds.size} events, ${acks.size} received`),
  });
  await within(producing, deadline - Date.now());

  trace(`producing done: ${eventIds.size} events, ${acks.size} received`);
  // Let the survivors finish: everything must arrive.
  while (Date.now() < deadline && [...eventIds].some((id) => !acks.has(id))) await sleep(200);
  const stopping = [...fleet.children];
  for (const child of stopping) child.kill('SIGTERM');
  await Promise.all(stopping.map(waitExit));

  if (flags.db === 'pglite') handle = await openPglite(dataDir);
  const deliveries = await countDeliveries(handle.db, 'sandbox');
  await handle.close();
  await receiver.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();

  const lost = [...eventIds].filter((id) => !acks.has(id)).length;
  // Committed by a child that was killed before it could print the id: delivered all the same.
  const unreported = [...acks.keys()].filter((id) => !eventIds.has(id)).length;
  const totalAcks = [...acks.values()].reduce((a, b) => a + b, 0);
  const totalReceipts = [...receipts.values()].reduce((a, b) => a + b, 0);
  const summary = {
    db: flags.db,
    workers,
    events: eventIds.size + unreported,
    kills,
    received: acks.size,
    unreported,
    requests: totalReceipts,
    lost,
    duplicates: totalAcks - acks.size,
    badSignatures,
    deliveries,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return lost === 0 && badSignatures === 0 && kills >= flags.kills ? 0 : 1;
}

const flags = parseFlags(flagsSchema, ['child', 'verbose']);
if (flags.child) {
  await runChild(flags);
} else {
  process.exitCode = await runParent(flags);
}
