import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { describeError } from '../log';
import type { UsageTracker } from '../usage';
import { authenticate } from './auth';
import type { ApiEnv, RouteDeps } from './context';
import { createDeviceReader } from './device-cache';
import type { DeviceReadFastPath, ServerHeaders } from './device-read';
import { createDeviceReadFastPath } from './device-read';
import { errorBody } from './envelope';
import { ApiError, validationError } from './errors';
import { registerOpenApi } from './openapi';
import type { ApiRateLimiter } from './rate-limit';
import { createRateLimiter } from './rate-limit';
import { registerActionRoutes } from './routes/actions';
import { registerDeviceRoutes } from './routes/devices';
import { registerHealthRoutes } from './routes/health';
import { registerJourneyRoutes } from './routes/journey-sessions';
import { registerOemRoutes } from './routes/oems';
import { registerSandboxRoutes } from './routes/sandbox';
import { registerFunnelRoutes } from './routes/funnel';
import { registerUsageRoutes } from './routes/usage';
import { registerScheduleRoutes } from './routes/schedules';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { validationHook } from './validation';

export interface ApiDeps {
  getDb: () => Promise<Db>;
  config: Config;
  clock?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Per-key rate limiting. Default: in memory, or shared through Redis when config.redisUrl is set (that
   * connection then lives as long as the process).
   */
  rateLimiter?: ApiRateLimiter;
  /** How long a single-device read may be served from memory (see device-cache.ts); 0 disables. */
  deviceCacheMs?: number;
  /**
   * Metering and monthly quotas (lib/usage). Its owner flushes and stops it (the server, on shutdown);
   * without one, requests are neither metered nor held to a quota.
   */
  usage?: UsageTracker;
  /**
   * The headers the server gives every answer (server.ts: its security headers, server-headers.ts),
   * for a server that tries the device-read fast path before it sets them: the fast path then writes
   * them itself, first. Without it, the fast path leaves what the server set on the response first.
   */
  serverHeaders?: ServerHeaders;
}

export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_DEVICE_CACHE_MS = 1000;

/** The REST API: everything under /api plus /openapi.json (its own contract). */
export function createApiApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  return createApi(deps).app;
}

export interface Api {
  app: OpenAPIHono<ApiEnv>;
  /**
   * The device read on plain node:http (device-read.ts), sharing the app's caches, limiter and
   * metering: a server tries it first and hands the app whatever it does not take.
   */
  deviceRead: DeviceReadFastPath;
}

/** The API app and its device-read fast path over the same dependencies. */
export function createApi(deps: ApiDeps): Api {
  const log = deps.log ?? (() => {});
  const routeDeps: RouteDeps = {
    getDb: deps.getDb,
    config: deps.config,
    clock: deps.clock ?? (() => new Date()),
    log,
    rateLimiter: deps.rateLimiter ?? createRateLimiter({ redisUrl: deps.config.redisUrl, log }),
    devices: createDeviceReader(deps.deviceCacheMs ?? DEFAULT_DEVICE_CACHE_MS),
    usage: deps.usage,
  };
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    return next();
  });
  app.use('/api/*', authenticate(routeDeps));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw validationError('body', `larger than ${MAX_BODY_BYTES / 1024} KB`);
    },
  });
  app.use('/api/*', (c, next) => (c.req.method === 'GET' ? next() : limitBody(c, next)));

  registerHealthRoutes(app, routeDeps);
  registerOemRoutes(app, routeDeps);
  registerJourneyRoutes(app, routeDeps);
  registerSandboxRoutes(app, routeDeps);
  registerWebhookEndpointRoutes(app, routeDeps);
  registerWebhookDeliveryRoutes(app, routeDeps);
  registerUsageRoutes(app, routeDeps);
  registerFunnelRoutes(app, routeDeps);
  registerActionRoutes(app, routeDeps);
  registerScheduleRoutes(app, routeDeps);
  // Last: GET /api/{deviceType}/{deviceId} matches any two-segment path.
  registerDeviceRoutes(app, routeDeps);
  registerOpenApi(app, routeDeps);

  app.notFound((c) => c.json(errorBody(c, routeDeps.clock(), 'NOT_FOUND', 'No such route'), 404));

  app.onError((error, c) => {
    const now = routeDeps.clock();
    if (error instanceof ApiError) {
      // RFC 9110: a 401 names the scheme to use.
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer realm="api"');
      return c.json(errorBody(c, now, error.code, error.message, error.field), error.status);
    }
    // Raised by the request validators before our schemas run: malformed JSON, wrong Content-Type.
    if (error instanceof HTTPException && error.status < 500) {
      const mapped =
        error.status === 415
          ? validationError('content-type', 'must be application/json')
          : validationError('body', error.message || 'malformed');
      return c.json(errorBody(c, now, mapped.code, mapped.message, mapped.field), 400);
    }
    log({
      level: 'error',
      msg: 'unhandled API error',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      ...describeError(error),
    });
    return c.json(errorBody(c, now, 'INTERNAL_ERROR', 'Internal error'), 500);
  });

  return { app, deviceRead: createDeviceReadFastPath(routeDeps, deps.serverHeaders) };
}
