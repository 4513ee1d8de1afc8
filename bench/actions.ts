/**
 * Device actions: how many actions the API accepts per second (POST /api/{type}/{id}/actions through
 * the real Hono app on PGlite, against a bare node:http handler that answers 202), and how long a
 * customer waits from the 202 to the signed outcome webhook in sandbox (API, action worker, simulated
 * OEM and webhook dispatcher in one process, as the server runs them), against the simulated OEM's
 * own 1–3 s.
 *
 *   npx tsx bench/actions.ts [--duration 3] [--rounds 3] [--connections 50] [--outcomes 100] [--rate 20]
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { startActionWorker } from '../lib/actions';
import { connectDevices } from '../lib/actions/test-support';
import { createApiApp } from '../lib/api';
import {
  TEST_CONFIG,
  seedCustomer,
  seedDevice,
  seedKey,
  unexhaustibleRateLimiter,
} from '../lib/api/test-fixtures';
import { openPglite } from '../lib/db/client';
import type { Db } from '../lib/db/client';
import { sandboxCompletionDelayMs } from '../lib/oem';
import { createWebhookEndpoint, startDispatcher } from '../lib/webhooks';
import type { LoadResult } from './api';
import { argValue, interleavedMedians, listen } from './api';
import { createHttpClient } from './http-client';
import { quantile, round } from './stats';

export interface ActionOutcomeLatency {
  actions: number;
  ratePerSecond: number;
  /** Outcomes that never arrived within the wait. */
  missing: number;
  p50Ms: number;
  p95Ms: number;
  /** The simulated OEM's own delay for the same actions: the floor of the figures above. */
  oemDelayP50Ms: number;
  oemDelayP95Ms: number;
}

export interface ActionBenchResult {
  connections: number;
  durationSeconds: number;
  rounds: number;
  accepted: LoadResult;
  bareNodeHttp: LoadResult;
  acceptedRatio: number;
  outcome: ActionOutcomeLatency;
}

async function startApi(db: Db) {
  const rateLimiter = unexhaustibleRateLimiter();
  const app = createApiApp({ getDb: async () => db, config: TEST_CONFIG, rateLimiter });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
  // As server.ts: idle keep-alive sockets outlive the client's, so a reused socket is never reset.
  server.keepAliveTimeout = 65_000;
  if (!server.listening) await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.close();
      await rateLimiter.close();
    },
  };
}

/** Actions accepted per second: the POST path only (no worker runs meanwhile). */
async function benchAccept(options: {
  connections: number;
  durationSeconds: number;
  rounds: number;
}) {
  const handle = await openPglite(undefined);
  await seedCustomer(handle.db, 'cus_bench');
  const { key } = await seedKey(handle.db, 'cus_bench', 'sandbox', { now: new Date() });
  const device = await seedDevice(handle.db, 'sandbox', 'cus_bench');
  const api = await startApi(handle.db);
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"success":true,"data":{"actionId":"act_x","status":"pending"}}');
    });
  });
  const barePort = await listen(bare);
  try {
    const body = JSON.stringify({ type: 'set_charge_limit', params: { percent: 80 } });
    const headers = { 'x-api-key': key, 'content-type': 'application/json' };
    const url = `${api.origin}/api/${device.type}/${device.deviceId}/actions`;
    const check = await fetch(url, { method: 'POST', headers, body });
    if (check.status !== 202) throw new Error(`POST actions answered ${check.status}`);
    const median = await interleavedMedians(
      {
        accepted: { url, headers, body },
        bareNodeHttp: { url: `http://127.0.0.1:${barePort}/`, headers, body },
      },
      options,
    );
    return { accepted: median('accepted'), bareNodeHttp: median('bareNodeHttp') };
  } finally {
    bare.close();
    await api.close();
    await handle.close();
  }
}

const OUTCOME_BODIES: Record<string, unknown> = {
  vehicle: { type: 'set_charge_limit', params: { percent: 80 } },
  battery: { type: 'set_reserve', params: { percent: 20 } },
  hvac: { type: 'set_temperature', params: { celsius: 20.5 } },
};

/** Accept-to-webhook latency at a steady `rate`, everything in one process as the server runs it. */
async function benchOutcomes(count: number, rate: number): Promise<ActionOutcomeLatency> {
  const handle = await openPglite(undefined);
  const db = handle.db;
  const received = new Map<string, number>();
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const sink = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        data: { actionId?: string };
      };
      const id = event.data.actionId;
      if (id && !received.has(id)) received.set(id, at);
      if (received.size >= count) allReceived();
      res.writeHead(204).end();
    });
  });
  const sinkPort = await listen(sink);
  await seedCustomer(db, 'cus_bench');
  const { key } = await seedKey(db, 'cus_bench', 'sandbox', { now: new Date() });
  await createWebhookEndpoint(
    db,
    'sandbox',
    { customerId: 'cus_bench', url: `http://127.0.0.1:${sinkPort}/hooks` },
    { appSecret: TEST_CONFIG.appSecret, allowPrivate: true },
  );
  const devices = [];
  for (const oem of ['volta', 'ampere', 'stellar', 'nimbus']) {
    devices.push(
      ...(await connectDevices(db, {
        environment: 'sandbox',
        customerId: 'cus_bench',
        userId: `bench-${oem}`,
        oem,
        now: new Date(),
      })),
    );
  }
  const api = await startApi(db);
  const worker = startActionWorker({ db, appSecret: TEST_CONFIG.appSecret });
  const dispatcher = startDispatcher({
    db,
    appSecret: TEST_CONFIG.appSecret,
    allowPrivate: true,
    retrySchedule: [0, 1, 1],
  });
  const client = createHttpClient(16);
  const accepted = new Map<string, number>();
  try {
    const started = performance.now();
    const posts: Promise<void>[] = [];
    for (let n = 0; n < count; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const device = devices[n % devices.length]!;
      posts.push(
        client
          .request('POST', `${api.origin}/api/${device.type}/${device.deviceId}/actions`, {
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            body: JSON.stringify(OUTCOME_BODIES[device.type]),
          })
          .then((res) => {
            if (res.status !== 202) throw new Error(`POST actions answered ${res.status}`);
            const { data } = JSON.parse(res.body) as { data: { actionId: string } };
            accepted.set(data.actionId, performance.now());
          }),
      );
    }
    await Promise.all(posts);
    // Each outcome is due 1–3 s after the OEM saw it: a minute is ample, and bounds the wait.
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  } finally {
    client.close();
    await worker.stop();
    await dispatcher.stop();
    await api.close();
    sink.close();
    await handle.close();
  }
  const latencies = [...accepted].flatMap(([id, at]) => {
    const got = received.get(id);
    return got === undefined ? [] : [got - at];
  });
  const oemDelays = [...accepted.keys()].map(sandboxCompletionDelayMs);
  return {
    actions: accepted.size,
    ratePerSecond: rate,
    missing: accepted.size - latencies.length,
    p50Ms: round(quantile(latencies, 0.5), 0),
    p95Ms: round(quantile(latencies, 0.95), 0),
    oemDelayP50Ms: quantile(oemDelays, 0.5),
    oemDelayP95Ms: quantile(oemDelays, 0.95),
  };
}

export async function benchActions(
  options: {
    durationSeconds?: number;
    connections?: number;
    rounds?: number;
    outcomes?: number;
    rate?: number;
  } = {},
): Promise<ActionBenchResult> {
  const settings = {
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? 3,
    rounds: options.rounds ?? 3,
  };
  const { accepted, bareNodeHttp } = await benchAccept(settings);
  const outcome = await benchOutcomes(options.outcomes ?? 100, options.rate ?? 20);
  return {
    ...settings,
    accepted,
    bareNodeHttp,
    acceptedRatio: round(accepted.requestsPerSecond / bareNodeHttp.requestsPerSecond, 3),
    outcome,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchActions({
    durationSeconds: argValue('duration'),
    connections: argValue('connections'),
    rounds: argValue('rounds'),
    outcomes: argValue('outcomes'),
    rate: argValue('rate'),
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
