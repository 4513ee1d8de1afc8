/**
 * The process: Next.js for the journey pages and their server actions, Hono for `/api` and
 * `/openapi.json`, the database (embedded PGlite or PostgreSQL), the webhook dispatcher, the device
 * action worker, and usage metering with its retention job.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import next from 'next';
import { startActionWorker } from './lib/actions';
import { createApi } from './lib/api/app';
import { apiSecurityHeaders } from './lib/api/server-headers';
import { embedTargetsFor, isJourneyDocumentRequest } from './lib/embed/frame-ancestors';
import { loadLinkScript, serveLinkScript } from './lib/embed/script';
import { flushKeyUsage } from './lib/keys';
import { ConfigError, getConfig } from './lib/config';
import type { DbHandle } from './lib/db/client';
import { DataDirLockedError, getDb, openPglite, openPostgres, setDbHandle } from './lib/db/client';
import { describeError, getLogger } from './lib/log';
import { applySecurityHeaders } from './lib/security/apply-headers';
import { EMBED_ORIGINS_HEADER, FRAME_ANCESTORS_HEADER } from './lib/security/headers';
import { stampActionLanguage } from './lib/i18n/language';
import { screenActionRequest } from './lib/security/action-request';
import { stampClientAddress } from './lib/security/client-address';
import { DEMO_CUSTOMER_NAME, ensureDemoSeed } from './lib/seed';
import { ensureDemoOwner } from './lib/accounts/demo-owner';
import { createAuth, createMailer } from './lib/accounts';
import { createUsageTracker, startUsageRetention } from './lib/usage';
import { demoInboxReceiver } from './lib/demo/inbox';
import { shareProcessUsage } from './lib/usage/process';
import { startDispatcher } from './lib/webhooks';
import type { LocalReceiver } from './lib/webhooks';

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

  // The demo app's inbox lives in this process: its webhooks are handed over here, not sent over the
  // network (so they arrive whatever WEBHOOK_ALLOW_PRIVATE says, and cost no socket).
  const localReceivers = new Map<string, LocalReceiver>();
  if (config.demo && seed.webhookEndpointId && seed.webhookSecret) {
    localReceivers.set(seed.webhookEndpointId, demoInboxReceiver(seed.webhookSecret));
  }

  // The demo customer's dashboard Owner (only with the demo on): created, and its login printed, once.
  const demoOwner = config.demo
    ? await ensureDemoOwner(
        db,
        createAuth(db, {
          config,
          mailer: createMailer({ smtpUrl: undefined, from: 'unused', log }),
          nextCookies: false,
        }),
        { customerId: seed.customerId, name: DEMO_CUSTOMER_NAME },
      ).catch((error: unknown) => {
        log.warn({ err: describeError(error) }, 'demo owner not created');
        return null;
      })
    : null;
  if (demoOwner) {
    console.log(
      `\n  Demo dashboard login (shown once, store it now): ${config.publicBaseUrl}/login\n\n    Email:    ${demoOwner.email}\n    Password: ${demoOwner.password}\n`,
    );
  }

  // The embedded database has no other writer: every new event or action wakes its worker at once,
  // so while idle they poll only for retries, timers and expired leases, at most every 2 s.
  const idlePollIntervalMs = handle.kind === 'pglite' ? 2_000 : undefined;
  const dispatcher = config.webhookDispatcher
    ? startDispatcher({
        db,
        idlePollIntervalMs,
        appSecret: config.appSecret,
        retrySchedule: config.webhookRetrySchedule,
        allowPrivate: config.webhookAllowPrivate,
        localReceivers,
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
        idlePollIntervalMs,
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
  const headerOptions = { publicBaseUrl: config.publicBaseUrl, dev };
  const api = createApi({
    getDb,
    config,
    usage,
    log: (entry) => log.info(entry, 'api'),
    serverHeaders: apiSecurityHeaders(headerOptions),
  });
  const handleApi = getRequestListener(api.app.fetch);
  // Device reads whose key and device are in memory are answered here, without Hono, with the same
  // security headers as every other answer (lib/api/device-read.ts).
  const deviceRead = api.deviceRead;

  const linkScript = loadLinkScript();
  // A journey page may be framed by its app's allowed origins (embedding with /link.js); every
  // other response, and any journey page whose launch will not open, by nobody.
  const stampFrameAncestors = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://journey.invalid');
    if (!isJourneyDocumentRequest(req.method, url.pathname)) return;
    const targets = await embedTargetsFor(url, { db, appSecret: config.appSecret }).catch(
      (error: unknown) => {
        log.warn({ err: describeError(error) }, 'embedding lookup failed');
        return undefined;
      },
    );
    if (!targets) return;
    req.headers[EMBED_ORIGINS_HEADER] = targets.messageOrigins.join(' ');
    if (targets.frameAncestors.length === 0) return;
    req.headers[FRAME_ANCESTORS_HEADER] = targets.frameAncestors.join(' ');
    applySecurityHeaders(req, res, { ...headerOptions, frameAncestors: targets.frameAncestors });
  };

  const server = createServer((req, res) => {
    // The API's most frequent request first, before anything here reads the request's headers (it
    // writes the security headers itself); whatever it does not take goes on as below.
    if (deviceRead(req, res)) return;
    delete req.headers[FRAME_ANCESTORS_HEADER];
    delete req.headers[EMBED_ORIGINS_HEADER];
    applySecurityHeaders(req, res, headerOptions);
    stampClientAddress(req);
    if (isApiPath(req.url)) {
      void handleApi(req, res);
      return;
    }
    stampActionLanguage(req, config.pseudoLocale);
    if (serveLinkScript(linkScript, req, res)) return;
    void stampFrameAncestors(req, res)
      .then(() => screenActionRequest(req))
      .then(
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
