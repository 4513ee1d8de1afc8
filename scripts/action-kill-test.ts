/**
 * Kill test for device actions: `npx tsx scripts/action-kill-test.ts --db pglite|postgres`
 * [--actions 200] [--kills 10] [--database-url postgresql://...] [--time-limit-s 300] [--verbose].
 *
 * Sandbox devices (user_good, and user_flaky whose every other action fails) are connected, a local
 * receiver verifies every webhook's signature, and actions are accepted while the worker processes
 * are SIGKILLed at random moments — starting up, mid OEM call, mid commit — and restarted. At the
 * end every action must have ended `succeeded` or `failed` exactly once (one outcome event each),
 * its outcome webhook must have arrived, the sandbox OEM must have seen each action id at most once
 * as a new command (repeats with the same idempotency key are fine, and counted) and no other key,
 * and the OEM's verdict must match the action's. Exit code 1 otherwise.
 *
 * PGlite: one child at a time (this script with --child) owns the file-backed data dir, runs the
 * action worker and the webhook dispatcher, and accepts half of the actions, printing `acc <id>`
 * after each commit. PostgreSQL: two `scripts/worker.ts` processes; this process accepts the actions.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { acceptAction, startActionWorker } from '../lib/actions';
import type { ConnectedDevice } from '../lib/actions/test-support';
import { connectDevices } from '../lib/actions/test-support';
import { openPglite, openPostgres } from '../lib/db/client';
import type { Db, DbHandle } from '../lib/db/client';
import { customers } from '../lib/db/schema';
import { createWebhookEndpoint, startDispatcher } from '../lib/webhooks';
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
/** Short, so a killed worker's actions come back within seconds, far inside their 60 s deadline. */
const ACTION_LEASE_MS = 3000;

const flagsSchema = z
  .object({
    db: z.enum(['pglite', 'postgres']).default('pglite'),
    actions: z.coerce.number().int().min(1).default(200),
    kills: z.coerce.number().int().min(0).default(10),
    'database-url': z.string().optional(),
    'time-limit-s': z.coerce.number().positive().default(300),
    child: z.boolean().default(false),
    'data-dir': z.string().optional(),
    customer: z.string().optional(),
    'accept-until': z.coerce.number().int().min(0).default(0),
    verbose: z.boolean().default(false),
  })
  .strict();
type Flags = z.infer<typeof flagsSchema>;

const ACTION_BODIES = [
  { type: 'stop_charging', params: {} },
  { type: 'start_charging', params: {} },
  { type: 'set_charge_limit', params: { percent: 80 } },
];

/** The devices to act on: the customer's, in a stable order. */
async function devicesOf(db: Db, customerId: string): Promise<ConnectedDevice[]> {
  const result = (await db.execute(sql`
    SELECT id, type, oem, oem_device_id, credential_id FROM "sandbox"."devices"
    WHERE customer_id = ${customerId} ORDER BY id`)) as unknown as {
    rows: Array<Record<string, string>>;
  };
  return result.rows.map((r) => ({
    deviceId: r.id!,
    type: r.type as ConnectedDevice['type'],
    oem: r.oem!,
    oemDeviceId: r.oem_device_id!,
    credentialId: r.credential_id!,
  }));
}

/** Accepts `count` actions (the n-th on device n mod devices), returning their ids in order. */
async function acceptSome(
  db: Db,
  customerId: string,
  devices: ConnectedDevice[],
  from: number,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) {
    const device = devices[n % devices.length]!;
    const { action } = await acceptAction(db, {
      environment: 'sandbox',
      customerId,
      deviceType: device.type,
      deviceId: device.deviceId,
      request: ACTION_BODIES[n % ACTION_BODIES.length]!,
      idempotencyKey: `kill-${n}`,
      now: new Date(),
    });
    ids.push(action.actionId);
  }
  return ids;
}

async function countAccepted(db: Db): Promise<number> {
  const result = (await db.execute(
    sql`SELECT count(*)::int AS n FROM "sandbox"."actions"`,
  )) as unknown as { rows: Array<{ n: number }> };
  return Number(result.rows[0]?.n ?? 0);
}

/** --child (PGlite): the worker and dispatcher over the data dir, accepting actions meanwhile. */
async function runChild(flags: Flags): Promise<void> {
  if (!flags['data-dir'] || !flags.customer) throw new Error('--data-dir and --customer required');
  const handle = await openPglite(flags['data-dir']);
  const appSecret = process.env.APP_SECRET ?? '';
  const log = flags.verbose
    ? (entry: Record<string, unknown>) =>
        process.stderr.write(`child ${process.pid} ${JSON.stringify(entry)}\n`)
    : undefined;
  const dispatcher = startDispatcher({
    db: handle.db,
    appSecret,
    allowPrivate: true,
    retrySchedule: [0, 0.2, 0.5, 1, 1, 1, 1, 1, 1, 1],
    concurrency: 8,
    leaseMs: 5000,
    pollIntervalMs: 100,
    log,
  });
  const worker = startActionWorker({
    db: handle.db,
    appSecret,
    leaseMs: ACTION_LEASE_MS,
    pollIntervalMs: 100,
    log,
  });
  process.stdout.write('ready\n');
  let stopping = false;
  const accepting = (async () => {
    const devices = await devicesOf(handle.db, flags.customer!);
    let total = await countAccepted(handle.db);
    while (!stopping && total < flags['accept-until']) {
      const count = Math.min(4, flags['accept-until'] - total);
      const ids = await acceptSome(handle.db, flags.customer!, devices, total, count);
      total += count;
      process.stdout.write(ids.map((id) => `acc ${id}\n`).join(''));
      await sleep(150);
    }
    process.stdout.write('accepted-all\n');
  })();
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  stopping = true;
  await accepting;
  await worker.stop();
  await dispatcher.stop();
  await handle.close();
}

async function seed(db: Db, receiverUrl: string): Promise<{ customerId: string; secret: string }> {
  const customerId = `cus_kill_${randomBytes(4).toString('hex')}`;
  await db.insert(customers).values({ id: customerId, name: 'Action Kill Test' });
  const { secret } = await createWebhookEndpoint(
    db,
    'sandbox',
    { customerId, url: `${receiverUrl}/hook` },
    { appSecret: APP_SECRET, allowPrivate: true },
  );
  for (const [userId, username] of [
    ['alice', 'user_good'],
    ['bob', 'user_good'],
    ['carol', 'user_flaky'],
  ] as const) {
    await connectDevices(db, {
      environment: 'sandbox',
      customerId,
      userId,
      oem: userId === 'bob' ? 'ampere' : 'volta',
      username,
      now: new Date(),
      appSecret: APP_SECRET,
    });
  }
  return { customerId, secret };
}

const actionRowSchema = z.object({
  id: z.string(),
  status: z.string(),
  failure_reason: z.string().nullable(),
  events: z.coerce.number(),
  oem_rows: z.coerce.number(),
  oem_calls: z.coerce.number().nullable(),
  oem_sequence: z.coerce.number().nullable(),
  flaky: z.boolean(),
});

/** Every action with its outcome events and what the OEM remembers of it. */
async function auditActions(db: Db) {
  const result = (await db.execute(sql`
    SELECT a.id, a.status, a.failure_reason,
      (SELECT count(*) FROM "sandbox"."webhook_events" e
        WHERE e.type IN ('action.succeeded', 'action.failed')
          AND e.payload->'data'->>'actionId' = a.id) AS events,
      (SELECT count(*) FROM "sandbox"."simulated_oem_commands" c WHERE c.key = a.id) AS oem_rows,
      c.calls AS oem_calls, c.sequence AS oem_sequence,
      (eu.user_id = 'carol') AS flaky
    FROM "sandbox"."actions" a
    JOIN "sandbox"."devices" d ON d.id = a.device_id
    JOIN "sandbox"."end_users" eu ON eu.id = d.end_user_id
    LEFT JOIN "sandbox"."simulated_oem_commands" c ON c.key = a.id`)) as unknown as {
    rows: unknown[];
  };
  const foreign = (await db.execute(sql`
    SELECT count(*)::int AS n FROM "sandbox"."simulated_oem_commands" c
    WHERE NOT EXISTS (SELECT 1 FROM "sandbox"."actions" a WHERE a.id = c.key)`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return {
    actions: z.array(actionRowSchema).parse(result.rows),
    foreignOemKeys: Number(foreign.rows[0]?.n ?? 0),
  };
}

async function runParent(flags: Flags): Promise<number> {
  const started = Date.now();
  const trace = (what: string) => {
    if (flags.verbose)
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}\n`);
  };
  const deadline = started + flags['time-limit-s'] * 1000;
  const receiver = await startReceiver();
  let secret = '';
  let badSignatures = 0;
  /** Distinct outcome webhook ids received per action id. */
  const outcomes = new Map<string, Set<string>>();
  const requestWaiters: Array<() => void> = [];
  const nextRequest = () => new Promise<void>((resolve) => requestWaiters.push(resolve));
  receiver.respond = async (request) => {
    for (const waiter of requestWaiters.splice(0)) waiter();
    if (!verifyStandardWebhook(secret, request.headers, request.body, new Date())) {
      badSignatures++;
      return { status: 400 };
    }
    const payload = JSON.parse(request.body) as { type: string; data: { actionId?: string } };
    const actionId = payload.data.actionId;
    if (payload.type.startsWith('action.') && actionId) {
      const ids = outcomes.get(actionId) ?? new Set<string>();
      ids.add(String(request.headers['webhook-id']));
      outcomes.set(actionId, ids);
    }
    await sleep(randomBetween(5, 40)); // the dispatcher is mid-request for a while: kills land here
    return { status: 200 };
  };

  const acceptedIds = new Set<string>();
  const env = { APP_SECRET, LOG_LEVEL: 'warn', WEBHOOK_RETRY_SCHEDULE: '0,0.2,0.5,1,1,1,1,1,1,1' };
  let handle: DbHandle;
  let dataDir: string | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;
  let accepting: Promise<void>;
  let spawnOne: () => ChildProcess;
  let workers: number;
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  if (flags.db === 'pglite') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'aj-action-kill-'));
    handle = await openPglite(dataDir);
    const seeded = await seed(handle.db, receiver.url);
    secret = seeded.secret;
    const devices = await devicesOf(handle.db, seeded.customerId);
    const upfront = Math.ceil(flags.actions / 2);
    for (const id of await acceptSome(handle.db, seeded.customerId, devices, 0, upfront)) {
      acceptedIds.add(id);
    }
    await handle.close();
    workers = 1;
    let acceptedAll: () => void = () => undefined;
    accepting = new Promise<void>((resolve) => (acceptedAll = resolve));
    const onLine = (line: string) => {
      if (line.startsWith('acc ')) acceptedIds.add(line.slice(4));
      if (line === 'accepted-all') acceptedAll();
    };
    const dir = dataDir;
    spawnOne = () =>
      track(
        spawnTsx(
          [
            SCRIPT,
            '--child',
            '--data-dir',
            dir,
            '--customer',
            seeded.customerId,
            '--accept-until',
            String(flags.actions),
            ...(flags.verbose ? ['--verbose'] : []),
          ],
          env,
          onLine,
        ),
      );
  } else {
    const base =
      flags['database-url'] ??
      process.env.TEST_DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/test';
    scratch = await createScratchPostgres(base, 'aj_action_kill');
    handle = await openPostgres(scratch.url);
    const seeded = await seed(handle.db, receiver.url);
    secret = seeded.secret;
    workers = 2;
    const url = scratch.url;
    spawnOne = () =>
      track(
        spawnTsx(
          [
            'scripts/worker.ts',
            '--concurrency',
            '8',
            '--lease-ms',
            '5000',
            '--poll-ms',
            '100',
            '--action-concurrency',
            '16',
            '--action-lease-ms',
            String(ACTION_LEASE_MS),
          ],
          { ...env, DATABASE_URL: url, LOG_LEVEL: 'info' },
          () => undefined,
        ),
      );
    const db = handle.db;
    accepting = (async () => {
      const devices = await devicesOf(db, seeded.customerId);
      while (acceptedIds.size < flags.actions) {
        const count = Math.min(4, flags.actions - acceptedIds.size);
        for (const id of await acceptSome(
          db,
          seeded.customerId,
          devices,
          acceptedIds.size,
          count,
        )) {
          acceptedIds.add(id);
        }
        await sleep(200); // spread over the kills: 200 actions take about 10 s
      }
    })();
  }

  trace('database ready');
  for (let i = 0; i < workers; i++) spawnOne();

  const kills = await killRepeatedly({
    children: () => [...children],
    spawnOne,
    kills: flags.kills,
    deadline,
    nextRequest,
    afterKill: (kills) =>
      trace(`kill ${kills}: ${acceptedIds.size} accepted, ${outcomes.size} outcomes received`),
  });
  await within(accepting, deadline - Date.now());
  trace(`accepting done: ${acceptedIds.size} accepted, ${outcomes.size} outcomes received`);

  // Let the survivors finish: every outcome must arrive.
  const expected = flags.actions;
  while (Date.now() < deadline && (outcomes.size < expected || acceptedIds.size < expected)) {
    await sleep(250);
  }
  const stopping = [...children];
  for (const child of stopping) child.kill('SIGTERM');
  await Promise.all(stopping.map(waitExit));

  if (flags.db === 'pglite') handle = await openPglite(dataDir);
  const audit = await auditActions(handle.db);
  await handle.close();
  await receiver.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();

  const rows = audit.actions;
  const settled = rows.filter((r) => r.status === 'succeeded' || r.status === 'failed');
  // An action whose OEM verdict disagrees with its status, or that succeeded unseen by the OEM.
  const inconsistent = rows.filter((r) => {
    if (r.status === 'succeeded') return r.oem_rows !== 1 || (r.flaky && r.oem_sequence! % 2 === 0);
    if (r.failure_reason === 'OEM_REJECTED') return !(r.flaky && r.oem_sequence! % 2 === 0);
    return false;
  }).length;
  const summary = {
    db: flags.db,
    workers,
    kills,
    actions: rows.length,
    acceptedReported: acceptedIds.size,
    succeeded: rows.filter((r) => r.status === 'succeeded').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    failureReasons: Object.fromEntries(
      [...new Set(settled.map((r) => r.failure_reason).filter(Boolean))].map((reason) => [
        reason,
        settled.filter((r) => r.failure_reason === reason).length,
      ]),
    ),
    /** Not settled at the end, or not exactly one outcome event. */
    lost: rows.length - settled.length + rows.filter((r) => r.events === 0).length,
    duplicateOutcomes: rows.reduce((n, r) => n + Math.max(0, r.events - 1), 0),
    webhooksMissing: rows.filter((r) => !outcomes.has(r.id)).length,
    webhooksDoubled: [...outcomes.values()].filter((ids) => ids.size > 1).length,
    oemNewCommandsPerAction: Math.max(0, ...rows.map((r) => r.oem_rows)),
    /** Calls with a key the OEM already had: the "is it done yet?" calls, and repeats after kills. */
    oemRepeatCalls: rows.reduce((n, r) => n + Math.max(0, (r.oem_calls ?? 1) - 1), 0),
    foreignOemKeys: audit.foreignOemKeys,
    inconsistent,
    badSignatures,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const ok =
    rows.length === flags.actions &&
    summary.lost === 0 &&
    summary.duplicateOutcomes === 0 &&
    summary.webhooksMissing === 0 &&
    summary.webhooksDoubled === 0 &&
    summary.oemNewCommandsPerAction <= 1 &&
    summary.foreignOemKeys === 0 &&
    inconsistent === 0 &&
    badSignatures === 0 &&
    kills >= flags.kills;
  return ok ? 0 : 1;
}

const flags = parseFlags(flagsSchema, ['child', 'verbose']);
if (flags.child) {
  await runChild(flags);
} else {
  process.exitCode = await runParent(flags);
}
