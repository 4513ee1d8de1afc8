/**
 * The process: Next.js for the journey pages and their server actions, Hono for `/api` and
 * `/openapi.json`, the database (embedded PGlite or PostgreSQL), the webhook dispatcher, the device
 * action worker, and usage metering with its retention job.
 */
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import next from 'next';
import { startActionWorker } from './lib/actions';
import { createApiApp } from './lib/api/app';
import { flushKeyUsage } from './lib/keys';
import { ConfigError, getConfig } from './lib/config';
import type { DbHandle } from './lib/db/client';
import { DataDirLockedError, getDb, openPglite, openPostgres, setDbHandle } from './lib/db/client';
import { getLogger } from './lib/log';
import { applySecurityHeaders } from './lib/security/apply-headers';
import { screenActionRequest } from './lib/security/action-request';
import { stampClientAddress } from './lib/security/client-address';
import { DEMO_CUSTOMER_NAME, ensureDemoSeed } from './lib/seed';
import { ensureDemoOwner } from './lib/accounts/demo-owner';
import { createAuth, createMailer } from './lib/accounts';
import { createUsageTracker, startUsageRetention } from './lib/usage';
import { shareProcessUsage } from './lib/usage/process';
import { startDispatcher } from './lib/webhooks';

const API_PREFIXES = ['/api/', '/openapi.json'];

function isApiPath(url: string | undefined): boolean {
  const path = url ?? '/';
  return path === '/api' || API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const config = getConfig();
  const log = getLogger();

  const opening: Promise<DbHandle> = config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openPglite(config.dataDir, { serveSocket: true });
  setDbHandle(opening);
  const handle = await opening;
  const db = handle.db;

  const seed = await ensureDemoSeed(db, config);
  if (seed.webhookError) {
    log.warn({ reason: seed.webhookError }, 'demo webhook endpoint not created');
  }
  if (seed.apiKey) {
    console.log(
      `\n  Demo sandbox API key (shown once, store it now):\n\n    ${seed.apiKey}\n\n  Customer ${seed.customerId}, app ${seed.appId}.\n`,
    );
  }

  // The demo customer's dashboard Owner: created (and its login printed) once.
  const demoAuth = createAuth(db, {
    config,
    mailer: createMailer({ smtpUrl: undefined, from: 'unused', log }),
    nextCookies: false,
  });
  const demoOwner = await ensureDemoOwner(db, demoAuth, {
    customerId: seed.customerId,
    name: DEMO_CUSTOMER_NAME,
  }).catch((error: unknown) => {
    log.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'demo owner not created',
    );
    return null;
  });
  if (demoOwner) {
    console.log(
      `\n  Demo dashboard login (shown once, store it now): ${config.publicBaseUrl}/login\n\n    Email:    ${demoOwner.email}\n    Password: ${demoOwner.password}\n`,
    );
  }

  const dispatcher = config.webhookDispatcher
    ? startDispatcher({
        db,
        appSecret: config.appSecret,
        retrySchedule: config.webhookRetrySchedule,
        log: (entry) => {
          // One line per delivery is debug detail; anything else (failures, disabled endpoints) is not.
          if (entry.event === 'webhook.attempt' || entry.event === 'webhook.idle') log.debug(entry);
          else log.warn(entry);
        },
      })
    : undefined;
  const actionWorker = config.actionWorker
    ? startActionWorker({
        db,
        appSecret: config.appSecret,
        log: (entry) => {
          if (entry.event === 'action.settled') log.debug(entry);
          else log.warn(entry);
        },
      })
    : undefined;

  const nextApp = next({ dev, dir: process.cwd(), hostname: config.host, port: config.port });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  // Metering and monthly quotas: counted in memory, written every 10 s and on shutdown (lib/usage).
  const usageLog = ({ level, msg, ...entry }: Record<string, unknown>) => {
    const write = level === 'error' ? log.error : level === 'warn' ? log.warn : log.debug;
    write.call(log, entry, typeof msg === 'string' ? msg : 'usage');
  };
  const usage = createUsageTracker({ getDb, redisUrl: config.redisUrl, log: usageLog });
  // The usage page flushes this instance's counts before it reads them.
  shareProcessUsage(usage);
  const retention = startUsageRetention({ getDb, log: usageLog });
  const api = createApiApp({ getDb, config, usage, log: (entry) => log.info(entry, 'api') });
  const handleApi = getRequestListener(api.fetch);

  const server = createServer((req, res) => {
    applySecurityHeaders(req, res, { publicBaseUrl: config.publicBaseUrl, dev });
    stampClientAddress(req);
    if (isApiPath(req.url)) {
      void handleApi(req, res);
      return;
    }
    void screenActionRequest(req).then(
      (screened) => {
        if (screened.ok) return handleNext(screened.req, res);
        res.writeHead(screened.status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(screened.message);
      },
      () => {
        // The client went away while sending its body.
        if (!res.headersSent) res.writeHead(400);
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  if (dev) server.on('upgrade', nextApp.getUpgradeHandler());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(
    `  Auth Journey ready on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}` +
      ` (${handle.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close();
    server.closeAllConnections();
    // Actions first: settling one writes a webhook the dispatcher may still send.
    await actionWorker?.stop();
    await dispatcher?.stop();
    await retention.stop();
    // The last counts of metering and quotas: a graceful restart loses none.
    await usage.stop();
    await flushKeyUsage().catch(() => undefined);
    await nextApp.close().catch(() => undefined);
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error('Failed to start:', error instanceof Error ? error.message : error);
    if (error instanceof Error && error.stack) console.error(error.stack);
  }
  process.exit(1);
});
