/**
 * REST API throughput: authenticated device reads and health checks through the real Hono app (served by
 * @hono/node-server, PGlite database, seeded key and device), against a bare node:http handler on the same
 * machine, and the same device reads with usage metering (and the quota count) off, to show what
 * metering costs. The load generator (autocannon) runs in a child process so it does not share the
 * server's event loop.
 *
 *   npx tsx bench/api.ts [--duration 3] [--rounds 3] [--connections 50]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createApiApp } from '../lib/api';
import {
  TEST_CONFIG,
  seedCustomer,
  seedDevice,
  seedKey,
  unexhaustibleRateLimiter,
} from '../lib/api/test-fixtures';
import { openPglite } from '../lib/db/client';
import type { UsageTracker } from '../lib/usage';
import { createUsageTracker, usageTotals } from '../lib/usage';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
}

export interface ApiBenchResult {
  connections: number;
  /** Per round and target; each figure is the median of `rounds` interleaved runs. */
  durationSeconds: number;
  rounds: number;
  /** GET /api/{type}/{id} as configured by default (device rows micro-cached for 1 s, metering on). */
  deviceRead: LoadResult;
  /** The same with usage metering and the quota count off. */
  deviceReadUnmetered: LoadResult;
  /** The same with the device cache off: one database query per request. */
  deviceReadUncached: LoadResult;
  health: LoadResult;
  bareNodeHttp: LoadResult;
  /** Authenticated device reads relative to the bare handler (target ≥ 0.5). */
  deviceReadRatio: number;
  /** Device reads with metering on relative to off (target ≥ 0.9). */
  meteringRatio: number;
  /** Requests the metered servers counted into the database (proof that metering ran). */
  meteredRequests: number;
}

const AUTOCANNON = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'autocannon',
  'autocannon.js',
);

/** autocannon against `url` in a child process (GET, or POST with `body`). */
export async function loadTest(
  url: string,
  options: {
    connections: number;
    durationSeconds: number;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<LoadResult> {
  const args = [
    AUTOCANNON,
    '--json',
    '-c',
    String(options.connections),
    '-d',
    String(options.durationSeconds),
  ];
  if (options.body !== undefined) args.push('-m', 'POST', '-b', options.body);
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.resume();
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const report = JSON.parse(out) as {
    requests: { average: number };
    latency: { p99: number; p50: number };
    non2xx: number;
    errors: number;
  };
  return {
    requestsPerSecond: Math.round(report.requests.average),
    p99Ms: report.latency.p99,
    p50Ms: report.latency.p50,
    non2xx: report.non2xx,
    errors: report.errors,
  };
}

export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function benchApi(
  options: { durationSeconds?: number; connections?: number; rounds?: number } = {},
): Promise<ApiBenchResult> {
  const durationSeconds = options.durationSeconds ?? 3;
  const rounds = options.rounds ?? 3;
  const connections = options.connections ?? 50;

  const handle = await openPglite(undefined);
  await seedCustomer(handle.db, 'cus_bench');
  const { key } = await seedKey(handle.db, 'cus_bench', 'sandbox', { now: new Date() });
  const device = await seedDevice(handle.db, 'sandbox', 'cus_bench');
  // The limiter runs as in production, with a budget the benchmark cannot exhaust.
  const rateLimiter = unexhaustibleRateLimiter();
  // Metering as in production: counted in memory, flushed every 10 s into the same database.
  const usage = createUsageTracker({ getDb: async () => handle.db });
  const startApi = async (options: { deviceCacheMs?: number; usage?: UsageTracker }) => {
    const app = createApiApp({
      getDb: async () => handle.db,
      config: TEST_CONFIG,
      rateLimiter,
      deviceCacheMs: options.deviceCacheMs,
      usage: options.usage,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
    if (!server.listening) await once(server, 'listening');
    return { server, port: (server.address() as AddressInfo).port };
  };
  const { server: apiServer, port: apiPort } = await startApi({ usage });
  const { server: unmeteredServer, port: unmeteredPort } = await startApi({});
  const { server: uncachedServer, port: uncachedPort } = await startApi({
    deviceCacheMs: 0,
    usage,
  });

  const bareBody = JSON.stringify({ success: true, data: { status: 'ok' } });
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(bareBody);
  });
  const barePort = await listen(bare);

  try {
    const deviceUrl = `http://127.0.0.1:${apiPort}/api/${device.type}/${device.deviceId}`;
    const check = await fetch(deviceUrl, { headers: { 'x-api-key': key } });
    if (check.status !== 200) throw new Error(`device read answered ${check.status}`);
    const devicePath = `/api/${device.type}/${device.deviceId}`;
    const targets = {
      deviceRead: { url: deviceUrl, headers: { 'x-api-key': key } },
      deviceReadUnmetered: {
        url: `http://127.0.0.1:${unmeteredPort}${devicePath}`,
        headers: { 'x-api-key': key },
      },
      deviceReadUncached: {
        url: `http://127.0.0.1:${uncachedPort}${devicePath}`,
        headers: { 'x-api-key': key },
      },
      health: { url: `http://127.0.0.1:${apiPort}/api/health`, headers: {} },
      bareNodeHttp: { url: `http://127.0.0.1:${barePort}/`, headers: {} },
    };
    const median = await interleavedMedians(targets, { connections, durationSeconds, rounds });
    await usage.flush();
    const metered = await usageTotals(handle.db, {
      customerId: 'cus_bench',
      environment: 'sandbox',
      from: new Date(Date.now() - 3600_000),
      to: new Date(Date.now() + 60_000),
    });
    if (metered.requests === 0) throw new Error('metering counted no requests');
    const deviceRead = median('deviceRead');
    const deviceReadUnmetered = median('deviceReadUnmetered');
    const deviceReadUncached = median('deviceReadUncached');
    const health = median('health');
    const bareNodeHttp = median('bareNodeHttp');
    return {
      connections,
      durationSeconds,
      rounds,
      deviceRead,
      deviceReadUnmetered,
      deviceReadUncached,
      health,
      bareNodeHttp,
      deviceReadRatio:
        Math.round((deviceRead.requestsPerSecond / bareNodeHttp.requestsPerSecond) * 100) / 100,
      meteredRequests: metered.requests,
      meteringRatio:
        Math.round((deviceRead.requestsPerSecond / deviceReadUnmetered.requestsPerSecond) * 100) /
        100,
    };
  } finally {
    apiServer.close();
    unmeteredServer.close();
    uncachedServer.close();
    bare.close();
    await usage.stop();
    await rateLimiter.close();
    await handle.close();
  }
}

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A short warm-up of every target (JIT, key cache), then interleaved rounds with the median per
 * target: a machine whose load drifts during the run skews every target alike instead of whichever
 * happened to run during a spike.
 */
export async function interleavedMedians<K extends string>(
  targets: Record<K, LoadTarget>,
  options: { connections: number; durationSeconds: number; rounds: number },
): Promise<(name: K) => LoadResult> {
  const entries = Object.entries(targets) as [K, LoadTarget][];
  for (const [, t] of entries) {
    await loadTest(t.url, { ...options, ...t, durationSeconds: 1 });
  }
  const samples = new Map<K, LoadResult[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, t] of entries) {
      const result = await loadTest(t.url, { ...options, ...t });
      samples.set(name, [...(samples.get(name) ?? []), result]);
    }
  }
  return (name) => {
    const sorted = [...(samples.get(name) ?? [])].sort(
      (a, b) => a.requestsPerSecond - b.requestsPerSecond,
    );
    const mid = sorted[Math.floor(sorted.length / 2)];
    if (!mid) throw new Error(`no samples for ${name}`);
    return mid;
  };
}

export function argValue(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchApi({
    durationSeconds: argValue('duration'),
    connections: argValue('connections'),
    rounds: argValue('rounds'),
  })
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
