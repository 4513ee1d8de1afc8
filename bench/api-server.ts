/**
 * Device reads through the real server process: `server.ts` as `npm start` runs it (bench/servers.ts),
 * so the request passes everything a customer's request passes — the custom server's security headers
 * and routing, the Hono API, key verification, the rate limiter, metering and the quota count, the
 * device cache — on the embedded database, with the webhook dispatcher, the action worker and Next in
 * the same process. The key is the demo customer's sandbox key (printed once at first start) with
 * `SANDBOX_RATE_LIMIT` raised so the limiter counts without refusing; the device is connected by a real
 * sandbox journey. The reference is a bare node:http handler in this process, measured in the same
 * interleaved rounds while the product server sits idle. One more run of each then gives the CPU
 * time per request of the serving process.
 *
 *   npx tsx bench/api-server.ts [--duration 3] [--rounds 3] [--connections 50]
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { LoadResult, LoadTarget } from './api';
import { argValue, interleavedMedians, listen, loadTest } from './api';
import { createHttpClient } from './http-client';
import { productJourney } from './journey-client';
import type { ProductSnapshot } from './servers';
import { snapshotProductBuild, startProduct, waitForOtherBuilds } from './servers';

export interface ServerApiBenchResult {
  connections: number;
  durationSeconds: number;
  rounds: number;
  /** GET /api/{type}/{id} through server.ts (metering, quota count and rate limiter on). */
  deviceRead: LoadResult;
  /** GET /api/health through server.ts: the floor of the custom server and Hono without a key. */
  health: LoadResult;
  bareNodeHttp: LoadResult;
  /** Device reads relative to the bare handler (target ≥ 0.5). */
  deviceReadRatio: number;
  /**
   * CPU time per request of the serving process, from one more run of each after the rounds: the
   * product server (user + system, all its threads, /proc) and the benchmark's own process serving
   * the bare handler (process.cpuUsage). Less sensitive to other work on the machine than req/s.
   */
  cpuMicrosPerRequest: { deviceRead: number; bareNodeHttp: number };
}

/** User + system CPU of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms). */
function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime), counted from the state, which is field 3.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** CPU µs per request of `cpu`'s process while `url` is loaded for `durationSeconds`. */
async function cpuPerRequest(
  cpu: () => number,
  target: LoadTarget,
  options: { connections: number; durationSeconds: number },
): Promise<number> {
  const before = cpu();
  const result = await loadTest(target.url, { ...options, headers: target.headers });
  const used = cpu() - before;
  const requests = result.requestsPerSecond * options.durationSeconds;
  return requests > 0 ? Math.round(used / requests) : Number.NaN;
}

/** Far above what two cores serve, so the limiter counts every request and refuses none. */
const BENCH_SANDBOX_RATE = '100000';
const KEY_PATTERN = /amps_sk_test_[0-9A-Za-z]{49}/;

const devicesSchema = z.object({
  data: z.object({ devices: z.array(z.object({ id: z.string(), type: z.string() })).min(1) }),
});

async function demoKeyFrom(logFile: string): Promise<string> {
  // Printed before the server listens; the log file may lag its pipe by a moment.
  for (let attempt = 0; attempt < 50; attempt++) {
    const match = KEY_PATTERN.exec(readFileSync(logFile, 'utf8'));
    if (match) return match[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no demo sandbox key in the server log ${logFile}`);
}

export async function benchApiServer(
  snapshot: ProductSnapshot,
  options: { durationSeconds?: number; connections?: number; rounds?: number } = {},
): Promise<ServerApiBenchResult> {
  const durationSeconds = options.durationSeconds ?? 3;
  const rounds = options.rounds ?? 3;
  const connections = options.connections ?? 50;
  const product = await startProduct(snapshot, {
    env: { SANDBOX_RATE_LIMIT: BENCH_SANDBOX_RATE },
  });
  const bareBody = JSON.stringify({ success: true, data: { status: 'ok' } });
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(bareBody);
  });
  const client = createHttpClient(1);
  try {
    const key = await demoKeyFrom(product.logFile);
    const userId = 'bench-api-reader';
    await productJourney(product.origin, snapshot.root).run(client, userId);
    const list = await client.request(
      'GET',
      `${product.origin}/api/devices?userId=${encodeURIComponent(userId)}`,
      { headers: { 'x-api-key': key } },
    );
    if (list.status !== 200) throw new Error(`device list answered ${list.status}`);
    const [device] = devicesSchema.parse(JSON.parse(list.body)).data.devices;
    const deviceUrl = `${product.origin}/api/${device!.type}/${device!.id}`;
    const check = await client.request('GET', deviceUrl, { headers: { 'x-api-key': key } });
    if (check.status !== 200) throw new Error(`device read answered ${check.status}`);
    const barePort = await listen(bare);
    const targets = {
      deviceRead: { url: deviceUrl, headers: { 'x-api-key': key } },
      health: { url: `${product.origin}/api/health`, headers: {} },
      bareNodeHttp: { url: `http://127.0.0.1:${barePort}/`, headers: {} },
    };
    const median = await interleavedMedians(targets, { connections, durationSeconds, rounds });
    const cpuMicrosPerRequest = {
      deviceRead: await cpuPerRequest(() => processCpuMicros(product.pid), targets.deviceRead, {
        connections,
        durationSeconds,
      }),
      bareNodeHttp: await cpuPerRequest(
        () => {
          const usage = process.cpuUsage();
          return usage.user + usage.system;
        },
        targets.bareNodeHttp,
        { connections, durationSeconds },
      ),
    };
    const deviceRead = median('deviceRead');
    if (deviceRead.non2xx > 0 || deviceRead.errors > 0) {
      throw new Error(
        `device reads through the server failed: ${deviceRead.non2xx} non-2xx, ${deviceRead.errors} errors`,
      );
    }
    const bareNodeHttp = median('bareNodeHttp');
    return {
      connections,
      durationSeconds,
      rounds,
      deviceRead,
      health: median('health'),
      bareNodeHttp,
      deviceReadRatio:
        Math.round((deviceRead.requestsPerSecond / bareNodeHttp.requestsPerSecond) * 100) / 100,
      cpuMicrosPerRequest,
    };
  } finally {
    client.close();
    bare.close();
    await product.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  (async () => {
    // Standalone: the current production build (built by `npm run build` or `npm start`).
    await waitForOtherBuilds();
    const snapshot = await snapshotProductBuild();
    try {
      return await benchApiServer(snapshot, {
        durationSeconds: argValue('duration'),
        connections: argValue('connections'),
        rounds: argValue('rounds'),
      });
    } finally {
      snapshot.remove();
    }
  })()
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
