/**
 * `npm run bench`: every figure of issue #7 against its reference, each a median over several runs,
 * written to bench/results/latest.md and latest.json. Everything binds to 127.0.0.1 on free ports,
 * uses temporary data directories, and stops its children at the end.
 *
 *   npm run bench                       full run (3 runs per figure, Lighthouse 5 runs; < 15 min)
 *   npm run bench -- --quick            1 run each, shorter loads (a smoke test of the harness)
 *
 * Only a full run (no --quick, no --skip, at least 3 runs) writes latest.md and latest.json; any other
 * writes just partial.json (gitignored) and prints the table, so a trial never replaces the report.
 *   npm run bench -- --skip lighthouse,webhooks   leave phases out (weight, lighthouse, latency,
 *                                       journeys, api, actions, webhooks, profile)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchActionLatency } from './action-latency';
import { benchActions } from './actions';
import { benchApi } from './api';
import { benchApiServer } from './api-server';
import { summarizeCpuProfile } from './cpu-profile';
import type { ProfileSummary } from './cpu-profile';
import { buildFigures } from './figures';
import type { Collected, SideResults } from './figures';
import { productJourney, referenceJourney } from './journey-client';
import type { JourneyTarget } from './journey-client';
import { benchJourneyLoad } from './journey-load';
import { benchLighthouse } from './lighthouse';
import { writeReport } from './report';
import type { BenchReport } from './report';
import {
  createScratchDatabase,
  makeTempDir,
  REFERENCE_DIR,
  removeTempDir,
  ROOT,
  snapshotProductBuild,
  startProduct,
  startReference,
  treeRssBytes,
  waitForOtherBuilds,
} from './servers';
import type { ProductSnapshot, RunningServer } from './servers';
import { round } from './stats';
import { benchWeight, signUpForDashboard } from './weight';
import { benchWebhooks } from './webhooks';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    skip: { type: 'string', default: '' },
    'database-url': { type: 'string' },
  },
  strict: true,
});
const quick = values.quick ?? false;
const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
// Decided before any phase adds to `skip` (for example when PostgreSQL is unreachable).
const complete = !quick && runs >= 3 && !values.skip;
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const settings = {
  loadSeconds: quick ? 4 : 10,
  warmupSeconds: quick ? 2 : 3,
  latencyJourneys: quick ? 15 : 30,
  lighthouseRuns: quick ? 1 : 5,
  apiSeconds: quick ? 2 : 3,
  deliveries: quick ? 500 : 1000,
  actionOutcomes: quick ? 60 : 200,
  profileSeconds: quick ? 4 : 8,
};
// Which PostgreSQL to use is benchmark setup, not app configuration (like TEST_DATABASE_URL in tests).
const databaseUrl =
  values['database-url'] ??
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const notes: string[] = [];
const raw: Record<string, unknown> = { settings };

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function buildAll(): Promise<ProductSnapshot> {
  await waitForOtherBuilds();
  log('product build (scripts/ensure-build.mjs: builds only when sources changed)');
  execFileSync(process.execPath, ['scripts/ensure-build.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const snapshot = await snapshotProductBuild();
  log(`building the reference app (${path.relative(ROOT, REFERENCE_DIR)})`);
  execFileSync(process.execPath, [NEXT_BIN, 'build', REFERENCE_DIR], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  return snapshot;
}

function emptySide(): SideResults {
  return { weight: [], latency: [], load: [], rssMb: [] };
}

/** Everything measured against one running server, product or reference. */
async function measureSide(
  server: RunningServer,
  target: JourneyTarget,
  pageUrl: string,
  side: SideResults,
  run: number,
  options: { name?: string; pageFigures?: boolean; dashboard?: boolean; german?: boolean } = {},
): Promise<void> {
  const name = options.name ?? server.kind;
  const pageFigures = options.pageFigures ?? true;
  if (pageFigures && !skip.has('weight')) {
    log(`${name}: page weight`);
    side.weight.push(await benchWeight(pageUrl));
    if (options.german) {
      log(`${name}: page weight in German`);
      const german = new URL(pageUrl);
      german.searchParams.set('userId', `${german.searchParams.get('userId')}-de`);
      german.searchParams.set('language', 'de');
      (side.germanWeight ??= []).push(await benchWeight(german.toString()));
    }
    if (options.dashboard) {
      log(`${name}: dashboard first page weight`);
      const origin = new URL(pageUrl).origin;
      (side.dashboardWeight ??= []).push(
        await benchWeight(`${origin}/dashboard`, {
          prepare: (page) => signUpForDashboard(page, origin, `run${run}`),
        }),
      );
    }
  }
  if (pageFigures && run === 0 && !skip.has('lighthouse')) {
    log(`${name}: Lighthouse × ${settings.lighthouseRuns}`);
    try {
      side.lighthouse = await benchLighthouse(pageUrl, settings.lighthouseRuns);
    } catch (error) {
      notes.push(`Lighthouse could not run for the ${name}: ${(error as Error).message}`);
    }
  }
  if (!skip.has('latency')) {
    log(`${name}: action latency, one at a time (${settings.latencyJourneys} journeys)`);
    side.latency.push(
      await benchActionLatency(target, {
        journeys: settings.latencyJourneys,
        userPrefix: `lat-${run}`,
      }),
    );
  }
  if (!skip.has('journeys')) {
    log(
      `${name}: journeys, 16 in flight (${settings.warmupSeconds} s warm-up, ${settings.loadSeconds} s measured)`,
    );
    side.load.push(
      await benchJourneyLoad(target, {
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.loadSeconds,
        userPrefix: `load-${run}`,
      }),
    );
    // Let in-flight background work (webhook deliveries of the journeys) settle before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    side.rssMb.push(round(treeRssBytes(server.pid) / 1024 / 1024, 1));
  }
}

async function measureServers(snapshot: ProductSnapshot, collected: Collected): Promise<void> {
  for (let run = 0; run < runs; run++) {
    log(`server run ${run + 1}/${runs}`);
    // One server at a time, so neither competes with the other for the two cores.
    const product = await startProduct(snapshot);
    try {
      const url = `${product.origin}/journey?appId=app_demo&userId=bench-page-${run}`;
      await measureSide(
        product,
        productJourney(product.origin, snapshot.root),
        url,
        collected.product,
        run,
        { dashboard: true, german: true },
      );
    } finally {
      await product.stop();
    }
    if (!skip.has('postgres')) await measureProductOnPostgres(snapshot, collected, run);
    const reference = await startReference();
    try {
      await measureSide(
        reference,
        referenceJourney(reference.origin),
        `${reference.origin}/`,
        collected.reference,
        run,
      );
    } finally {
      await reference.stop();
    }
  }
}

/** The same journeys with the product on PostgreSQL instead of its embedded PGlite (reported). */
async function measureProductOnPostgres(
  snapshot: ProductSnapshot,
  collected: Collected,
  run: number,
): Promise<void> {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(databaseUrl);
  } catch (error) {
    notes.push(
      `PostgreSQL at ${new URL(databaseUrl).host} not reachable (${(error as Error).message}): the PostgreSQL figures are missing.`,
    );
    skip.add('postgres');
    return;
  }
  try {
    const server = await startProduct(snapshot, { databaseUrl: scratch.url });
    try {
      const target = productJourney(server.origin, snapshot.root);
      await measureSide(server, target, '', collected.productPostgres, run, {
        name: 'product on PostgreSQL',
        pageFigures: false,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}

async function measureLibraries(collected: Collected): Promise<void> {
  if (!skip.has('api')) {
    // bench/api.ts interleaves its own rounds and reports the median of each target.
    log(`API throughput (bench/api.ts, ${runs} interleaved rounds)`);
    try {
      collected.api.push(await benchApi({ durationSeconds: settings.apiSeconds, rounds: runs }));
    } catch (error) {
      notes.push(`bench/api.ts failed: ${(error as Error).message}`);
    }
  }
  if (!skip.has('actions')) {
    log(
      `device actions (bench/actions.ts, ${runs} interleaved rounds, ${settings.actionOutcomes} outcomes)`,
    );
    try {
      collected.actions.push(
        await benchActions({
          durationSeconds: settings.apiSeconds,
          rounds: runs,
          outcomes: settings.actionOutcomes,
        }),
      );
    } catch (error) {
      notes.push(`bench/actions.ts failed: ${(error as Error).message}`);
    }
  }
  for (let run = 0; run < runs; run++) {
    if (!skip.has('webhooks')) {
      log(`webhook deliveries run ${run + 1}/${runs} (bench/webhooks.ts)`);
      const options = { deliveries: settings.deliveries, concurrency: 16 };
      try {
        collected.webhooks.bare.push(await benchWebhooks({ target: 'bare', ...options }));
        collected.webhooks.pglite.push(await benchWebhooks({ target: 'pglite', ...options }));
      } catch (error) {
        notes.push(`bench/webhooks.ts failed: ${(error as Error).message}`);
        skip.add('webhooks');
        continue;
      }
      if (!skip.has('postgres')) {
        try {
          collected.webhooks.postgres.push(
            await benchWebhooks({ target: 'postgres', ...options, databaseUrl }),
          );
        } catch (error) {
          notes.push(
            `webhooks on PostgreSQL skipped (${new URL(databaseUrl).host}): ${(error as Error).message}`,
          );
          skip.add('postgres');
        }
      }
    }
  }
}

/** Device reads through the product server process (bench/api-server.ts), against a bare handler. */
async function measureApiServer(snapshot: ProductSnapshot, collected: Collected): Promise<void> {
  log(
    `API device reads through the server process (bench/api-server.ts, ${runs} interleaved rounds)`,
  );
  try {
    collected.apiServer.push(
      await benchApiServer(snapshot, { durationSeconds: settings.apiSeconds, rounds: runs }),
    );
  } catch (error) {
    notes.push(`bench/api-server.ts failed: ${(error as Error).message}`);
  }
}

/** A CPU profile of the product server under the journey load: where its time goes. */
async function profileProduct(snapshot: ProductSnapshot): Promise<ProfileSummary | undefined> {
  const dir = makeTempDir('prof');
  try {
    log(`CPU profile of the product under journey load (${settings.profileSeconds} s)`);
    const server = await startProduct(snapshot, { cpuProfDir: dir });
    let loadStart = 0;
    let loadEnd = 0;
    try {
      const target = productJourney(server.origin, snapshot.root);
      // The profile is cut to the load's measured window (after its warm-up).
      raw.profiledLoad = await benchJourneyLoad(target, {
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.profileSeconds,
        userPrefix: 'prof',
        onWindowOpen: (at) => {
          loadStart = at;
          loadEnd = at + settings.profileSeconds * 1000;
        },
      });
    } finally {
      await server.stop();
    }
    const exited = performance.now();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      notes.push('the CPU profile was not written (the server did not exit normally)');
      return undefined;
    }
    return summarizeCpuProfile(path.join(dir, file), {
      fromMsBeforeExit: exited - loadStart,
      toMsBeforeExit: exited - loadEnd,
    });
  } finally {
    removeTempDir(dir);
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const collected: Collected = {
    product: emptySide(),
    productPostgres: emptySide(),
    reference: emptySide(),
    api: [],
    apiServer: [],
    actions: [],
    webhooks: { bare: [], pglite: [], postgres: [] },
  };
  const snapshot = await buildAll();
  let profile: ProfileSummary | undefined;
  try {
    await measureServers(snapshot, collected);
    if (!skip.has('profile')) profile = await profileProduct(snapshot);
    if (!skip.has('api')) await measureApiServer(snapshot, collected);
  } finally {
    snapshot.remove();
  }
  await measureLibraries(collected);
  if (skip.has('lighthouse')) notes.push('Lighthouse was skipped (--skip lighthouse).');
  const finished = new Date();
  const cpus = os.cpus();
  const report: BenchReport = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSeconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    mode: quick ? 'quick' : 'full',
    runs,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      node: process.versions.node,
      next: (
        JSON.parse(
          readFileSync(path.join(ROOT, 'node_modules', 'next', 'package.json'), 'utf8'),
        ) as { version: string }
      ).version,
    },
    productBuildId: snapshot.buildId,
    figures: buildFigures(collected),
    notes,
    ...(profile ? { profile } : {}),
    raw: { ...raw, ...collected },
  };
  const written = writeReport(report, path.join(ROOT, 'bench', 'results'), complete);
  process.stdout.write(written.markdown);
  log(
    `wrote ${written.files.map((f) => path.relative(ROOT, f)).join(' and ')} in ${report.durationSeconds} s`,
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
