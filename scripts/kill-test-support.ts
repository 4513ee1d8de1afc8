/**
 * What the kill tests share: child processes that announce themselves line by line, bounded waits,
 * and scratch PostgreSQL databases.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise` at most `ms`, without a timer left behind to hold the process open. */
export async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(resolve, Math.max(0, ms));
    }),
  ]);
  clearTimeout(timer);
}

export const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

const readiness = new WeakMap<ChildProcess, Promise<void>>();
const ready = new WeakSet<ChildProcess>();

/**
 * Starts `node --import tsx ARGS` in the project root. Each line it prints goes to `onLine`; a line
 * `ready` or a `worker.started` log line marks it ready.
 */
export function spawnTsx(
  args: string[],
  env: Record<string, string>,
  onLine: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  readiness.set(
    child,
    new Promise((resolve) => {
      lines.on('line', (line) => {
        if (line === 'ready' || line.includes('worker.started')) {
          ready.add(child);
          resolve();
        }
        onLine(line);
      });
      child.once('exit', () => resolve());
    }),
  );
  return child;
}

export function isReady(child: ChildProcess): boolean {
  return ready.has(child);
}

export function waitReady(child: ChildProcess): Promise<void> {
  return readiness.get(child) ?? Promise.resolve();
}

export function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A new database on the PostgreSQL server of `baseUrl`, and how to drop it. */
export async function createScratchPostgres(
  baseUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const { Client } = await import('pg');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(baseUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Parses the command line into `schema`: every flag takes a value except the `booleans`. The schema
 * checks and converts the values (and should be `.strict()`).
 */
export function parseFlags<T>(
  schema: { parse(values: unknown): T; keyof(): { options: readonly string[] } },
  booleans: readonly string[],
): T {
  const options = Object.fromEntries(
    schema
      .keyof()
      .options.map((name) => [
        name,
        { type: booleans.includes(name) ? ('boolean' as const) : ('string' as const) },
      ]),
  );
  return schema.parse(parseArgs({ options, strict: true }).values);
}

/**
 * SIGKILLs one of `fleet`'s children `kills` times (or until `deadline`), restarting one after each.
 * Mostly once it is working — after `nextRequest()` (its work reached the receiver) or soon after it
 * started, so that every life makes progress and kills land among HTTP calls and database writes —
 * and sometimes while it is still starting up. A running child is preferred, so that a cycle does
 * not always wait for a restart. Returns the number of kills.
 */
export async function killRepeatedly(opts: {
  children: () => ChildProcess[];
  spawnOne: () => void;
  kills: number;
  deadline: number;
  nextRequest: () => Promise<void>;
  afterKill: (kills: number) => void;
}): Promise<number> {
  let kills = 0;
  while (kills < opts.kills && Date.now() < opts.deadline) {
    const all = opts.children();
    if (all.length === 0) {
      opts.spawnOne();
      continue;
    }
    const moment = Math.random();
    const whileRunning = moment < 0.8;
    if (whileRunning && !all.some(isReady)) await Promise.race(all.map(waitReady));
    const candidates = whileRunning ? all.filter(isReady) : all;
    const victim = candidates[Math.floor(Math.random() * candidates.length)] ?? all[0]!;
    if (whileRunning) {
      if (moment < 0.4) await within(opts.nextRequest(), 10_000);
      else await waitReady(victim);
      await sleep(randomBetween(0, 1500));
    } else {
      await sleep(randomBetween(100, 1500));
    }
    victim.kill('SIGKILL');
    await waitExit(victim);
    kills++;
    opts.afterKill(kills);
    opts.spawnOne();
  }
  return kills;
}
