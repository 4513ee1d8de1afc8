/**
 * Webhook delivery benchmark: `npx tsx bench/webhooks.ts [--deliveries N] [--concurrency N]
 * [--database-url postgresql://…]`, printing JSON. Measures draining a backlog of N deliveries to a
 * local keep-alive receiver through the real dispatcher (claim, sign, POST, record) on file-backed PGlite
 * and on PostgreSQL, next to a bare keep-alive signing sender as the ceiling. Latencies are per delivery:
 * sign + send + record (bare: sign + send).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { openPglite, openPostgres } from '../lib/db/client';
import type { DbHandle } from '../lib/db/client';
import { customers } from '../lib/db/schema';
import {
  createWebhookEndpoint,
  enqueueEvent,
  generateWebhookSecret,
  startDispatcher,
} from '../lib/webhooks';

export interface WebhookBenchOptions {
  target: 'pglite' | 'postgres' | 'bare';
  deliveries?: number;
  concurrency?: number;
  /** PostgreSQL server to create a scratch database on (target 'postgres'). */
  databaseUrl?: string;
}

export interface WebhookBenchResult {
  deliveriesPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

const APP_SECRET = `bench-${randomBytes(24).toString('hex')}`;

async function startSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function summarize(latencies: number[], seconds: number): WebhookBenchResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    deliveriesPerSec: Math.round(latencies.length / seconds),
    p50Ms: round(pick(0.5)),
    p95Ms: round(pick(0.95)),
    p99Ms: round(pick(0.99)),
  };
}

async function benchBare(
  url: string,
  deliveries: number,
  concurrency: number,
): Promise<WebhookBenchResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const webhook = new Webhook(generateWebhookSecret());
  const latencies: number[] = [];
  let next = 0;
  const post = (body: string, headers: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries) {
        const id = `msg_${next++}`;
        const t0 = performance.now();
        const now = new Date();
        const body = JSON.stringify({
          id,
          type: 'device.connected',
          createdAt: now.toISOString(),
          data: {},
        });
        await post(body, {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': webhook.sign(id, now, body),
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return summarize(latencies, seconds);
}

async function benchDispatcher(
  handle: DbHandle,
  url: string,
  deliveries: number,
  concurrency: number,
): Promise<WebhookBenchResult> {
  const customerId = `cus_bench_${randomBytes(4).toString('hex')}`;
  await handle.db.insert(customers).values({ id: customerId, name: 'Bench' });
  await createWebhookEndpoint(
    handle.db,
    'sandbox',
    { customerId, url },
    { appSecret: APP_SECRET, allowPrivate: true },
  );
  for (let i = 0; i < deliveries; i += 200) {
    await handle.db.transaction(async (tx) => {
      for (let j = i; j < Math.min(deliveries, i + 200); j++) {
        await enqueueEvent(tx, 'sandbox', { customerId, type: 'device.connected', data: { n: j } });
      }
    });
  }
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const started = performance.now();
  const dispatcher = startDispatcher({
    db: handle.db,
    appSecret: APP_SECRET,
    allowPrivate: true,
    retrySchedule: [0, 1, 1],
    concurrency,
    pollIntervalMs: 50,
    log: (event) => {
      if (event.event === 'webhook.attempt' && event.status === 'succeeded') {
        latencies.push(Number(event.totalMs));
        if (latencies.length >= deliveries) done();
      }
    },
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.stop();
  return summarize(latencies, seconds);
}

/** Runs one benchmark target and returns throughput and latency percentiles. */
export async function benchWebhooks(opts: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const deliveries = opts.deliveries ?? 2000;
  const concurrency = opts.concurrency ?? 16;
  const sink = await startSink();
  try {
    if (opts.target === 'bare') return await benchBare(sink.url, deliveries, concurrency);
    if (opts.target === 'pglite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'aj-bench-'));
      const handle = await openPglite(dir);
      try {
        return await benchDispatcher(handle, sink.url, deliveries, concurrency);
      } finally {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (!opts.databaseUrl) throw new Error('databaseUrl is required for the postgres target');
    const { Client } = await import('pg');
    const name = `aj_bench_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: opts.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(opts.databaseUrl);
    target.pathname = `/${name}`;
    const handle = await openPostgres(target.toString(), { max: concurrency + 4 });
    try {
      return await benchDispatcher(handle, sink.url, deliveries, concurrency);
    } finally {
      await handle.close();
      const cleanup = new Client({ connectionString: opts.databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    }
  } finally {
    await sink.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      deliveries: { type: 'string' },
      concurrency: { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const deliveries = values.deliveries ? Number(values.deliveries) : 2000;
  const concurrency = values.concurrency ? Number(values.concurrency) : 16;
  // Benchmarks may read the environment like tests do: which server to use is not app configuration.
  const databaseUrl =
    values['database-url'] ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const results: Record<string, WebhookBenchResult | string> = {
    bare: await benchWebhooks({ target: 'bare', deliveries, concurrency }),
    pglite: await benchWebhooks({ target: 'pglite', deliveries, concurrency }),
    postgres: databaseUrl
      ? await benchWebhooks({ target: 'postgres', deliveries, concurrency, databaseUrl })
      : 'skipped (no --database-url, TEST_DATABASE_URL or DATABASE_URL)',
  };
  process.stdout.write(`${JSON.stringify({ deliveries, concurrency, ...results }, null, 2)}\n`);
}
