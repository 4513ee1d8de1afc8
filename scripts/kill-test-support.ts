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
