/**
 * Starting and stopping the two servers under test, on 127.0.0.1 and free ports: the product
 * (`server.ts` as `npm start` runs it, with a temporary DATA_DIR) and the bare reference Next app
 * (`next start bench/reference`). Every child is tracked and killed on exit, even after a failure.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REFERENCE_DIR = path.join(ROOT, 'bench', 'reference');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface RunningServer {
  kind: 'product' | 'reference';
  origin: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch {
      // nothing more to do on the way out
    }
  }
});

/** A temporary directory that is removed at the latest when the benchmark exits. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `aj-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/**
 * Removes a temporary directory now; if something still writes into it (Chromium's helper processes
 * outlive the browser process by a moment), it is retried and finally left for the exit handler.
 */
export function removeTempDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    tempDirs.delete(dir);
  } catch {
    // still in use: removed at exit
  }
}
// An interrupted run still ends its children (through the 'exit' handler above).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Registers a child to be killed if the benchmark exits before stopping it. */
export function trackChild(child: ChildProcess): () => void {
  children.add(child);
  return () => children.delete(child);
}

/** A port that was free a moment ago (the OS picks it; the server binds it right after). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Environment for children: ours minus anything that would point the product at another database. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  delete env.APP_SECRET;
  delete env.REDIS_URL;
  return { ...env, ...extra };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

async function startChild(
  kind: RunningServer['kind'],
  args: string[],
  env: NodeJS.ProcessEnv,
  readyPath: string,
  port: number,
  cwd: string,
  cleanup: () => void,
  nodeFlags: string[],
): Promise<RunningServer> {
  const logDir = makeTempDir(`${kind}-log`);
  const logFile = path.join(logDir, 'server.log');
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [...nodeFlags, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const origin = `http://127.0.0.1:${port}`;
  const shutdown = async (keepLog: boolean) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
    }
    children.delete(child);
    cleanup();
    log.end();
    // The log of a server that failed to start is kept: the error message points at it.
    if (keepLog) tempDirs.delete(logDir);
    else removeTempDir(logDir);
  };
  try {
    await waitForHttp(`${origin}${readyPath}`, child, 120_000);
  } catch (error) {
    await shutdown(true);
    throw new Error(`${kind} server failed to start (log ${logFile}): ${(error as Error).message}`);
  }
  const stop = () => shutdown(false);
  if (child.pid === undefined) throw new Error(`${kind} server has no pid`);
  return { kind, origin, pid: child.pid, logFile, stop };
}

export interface ProductSnapshot {
  /** A directory that looks like the project root, with its own copy of the production build. */
  root: string;
  buildId: string;
  remove(): void;
}

/**
 * Pids of `next build` processes running in the project directory, whoever started them (Next renames
 * its build process to `next-build (vX)`, so the title is matched as well as the arguments).
 */
export function productBuildsRunning(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const isBuild =
        /next-build|\bnext\b\S*\s+build\b/.test(cmdline) && !cmdline.includes('bench/reference');
      if (isBuild && realpathSync(`/proc/${entry}/cwd`) === ROOT) pids.push(Number(entry));
    } catch {
      // gone, or not ours to inspect
    }
  }
  return pids;
}

/** Waits (up to 10 minutes) until nobody is building the product and a build is there. */
export async function waitForOtherBuilds(): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (productBuildsRunning().length > 0 || !existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    if (Date.now() > deadline)
      throw new Error('another `next build` of the product did not finish within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/**
 * Freezes the current production build: other people (and their tools) may rebuild `.next` while the
 * benchmark runs, which would pull the build out from under the running server. The snapshot links
 * every top-level entry of the project except `.next`, which it copies (without the build cache).
 */
export async function snapshotProductBuild(): Promise<ProductSnapshot> {
  const buildIdFile = path.join(ROOT, '.next', 'BUILD_ID');
  for (let attempt = 0; attempt < 5; attempt++) {
    await waitForOtherBuilds();
    const before = readFileSync(buildIdFile, 'utf8').trim();
    const root = makeTempDir('root');
    for (const entry of readdirSync(ROOT)) {
      if (entry === '.next' || entry === '.data' || entry === '.git') continue;
      symlinkSync(path.join(ROOT, entry), path.join(root, entry));
    }
    cpSync(path.join(ROOT, '.next'), path.join(root, '.next'), {
      recursive: true,
      filter: (source) => source !== path.join(ROOT, '.next', 'cache'),
    });
    const after = readFileSync(buildIdFile, 'utf8').trim();
    const copied = readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim();
    if (before === after && copied === before) {
      return {
        root,
        buildId: before,
        remove: () => removeTempDir(root),
      };
    }
    removeTempDir(root);
  }
  throw new Error('the production build kept changing while it was being copied');
}

/**
 * The product exactly as `npm start` runs it (NODE_ENV=production, server.ts through tsx), minus the
 * npm and tsx wrapper processes, so the measured process is the server itself.
 */
export async function startProduct(
  snapshot: ProductSnapshot,
  options: { cpuProfDir?: string; databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = makeTempDir('data');
  const env = childEnv({
    ...options.env,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    // The load generator is one client opening journeys as fast as it can: no launch budget applies.
    JOURNEY_LAUNCHES_PER_ADDRESS: '100000000',
    JOURNEY_LAUNCHES_PER_APP: '100000000',
  });
  const flags = ['--import', 'tsx'];
  if (options.cpuProfDir) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  return startChild(
    'product',
    ['server.ts'],
    env,
    '/api/health',
    port,
    snapshot.root,
    () => removeTempDir(dataDir),
    flags,
  );
}

/**
 * A scratch PostgreSQL database for one product server (created on the server of `adminUrl`, dropped
 * by `drop`), so the product can be measured on PostgreSQL as well as on its embedded PGlite.
 */
export async function createScratchDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import('pg');
  const name = `aj_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** The bare reference app with plain `next start`: what an empty Next 16 app costs on this machine. */
export async function startReference(): Promise<RunningServer> {
  const port = await freePort();
  const env = childEnv({ NODE_ENV: 'production' });
  const args = [NEXT_BIN, 'start', REFERENCE_DIR, '-H', '127.0.0.1', '-p', String(port)];
  return startChild('reference', args, env, '/', port, ROOT, () => undefined, []);
}

/** Resident set size in bytes of a process and all its descendants (Linux /proc). */
export function treeRssBytes(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command, which may itself contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += match ? Number(match[1]) * 1024 : 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
