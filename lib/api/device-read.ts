import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import type { VerifiedApiKey } from '../keys';
import { verifyCachedApiKey } from '../keys';
import { describeError } from '../log';
import { DEVICE_TYPES, capabilitiesFor, isDeviceType, sandboxDeviceState } from '../oem';
import type { QuotaDecision, Refusal } from '../usage';
import { limitsForKey } from '../usage';
import { presentedKey } from './auth';
import type { RouteDeps } from './context';
import type { ApiErrorCode } from './errors';
import { API_ERRORS } from './errors';
import type { RateLimitResult } from './rate-limit';
import type { DeviceRow } from './queries/devices';
import { toDeviceSummary } from './routes/device-schemas';
import { isPlausibleId } from './routes/inputs';

/**
 * GET /api/{deviceType}/{deviceId} answered on plain node:http, before Hono: the API's most frequent
 * request (clients poll their devices) costs a tenth of what the Hono chain costs for it.
 *
 * It takes a request only when everything it needs is already in this process's memory and nothing
 * can go wrong before the answer: a GET of exactly `/api/{known type}/{id}` (no query, nothing
 * percent-encoded), one well-formed key whose verification is cached (lib/keys/key-cache: a revocation
 * through this process drops it at once, other processes' revocations apply within CACHE_TTL_MS) and
 * valid, with `devices:read`, and a fresh device-cache entry of the key's customer and environment with
 * the requested type and no overage. Anything else — no key, an unknown or revoked key, a repeated key
 * header, a cache miss, `?at=`, a 404, a 403 — goes to the Hono app, which answers exactly as before
 * (and fills the caches).
 *
 * From the moment it takes a request it does what the Hono chain does, in the same order and with the
 * same code: the lastUsedAt refresh (verifyCachedApiKey), the key's rate (the same limiter), the monthly
 * quota, the same headers (X-Request-Id, X-RateLimit-*, X-Quota-*, Retry-After), the same envelope,
 * body and error codes (RATE_LIMIT_EXCEEDED, QUOTA_EXCEEDED, INTERNAL_ERROR), and metering under the
 * route's template. Tests compare its answers with the app's (device-read.db.test.ts).
 *
 * It reads the request's raw header list only, so a server may try it before anything else touches the
 * request (server.ts does, with its own headers passed as `serverHeaders`), and it writes its answer in
 * one writeHead.
 */

/** The metered route template, as routeTemplateOf names the Hono route. */
export const DEVICE_READ_ROUTE = 'GET /api/{deviceType}/{deviceId}';

const DEVICE_PATH = new RegExp(`^/api/(${DEVICE_TYPES.join('|')})/([A-Za-z0-9_-]+)$`);

/**
 * The headers a server gives every answer before the API's own, as a flat `[name, value, …]` list
 * (server.ts: its security headers, see server-headers.ts), or undefined to leave the request to the
 * app. A fresh array per call: the fast path appends its own headers to it.
 */
export type ServerHeaders = (req: IncomingMessage) => string[] | undefined;

/** The device read's `data`: the summary, the type's capabilities and, in the sandbox, its state. */
export function deviceReadData(device: DeviceRow, environment: Environment, instant: Date) {
  return { ...fixedDeviceData(device), state: deviceState(device, environment, instant) };
}

/** What only a new row changes: the summary and the type's capabilities. */
function fixedDeviceData(device: DeviceRow) {
  // Rows are written with a catalogue type only (registration checks it); callers check it too.
  const type = device.type as (typeof DEVICE_TYPES)[number];
  return { ...toDeviceSummary(device), capabilities: capabilitiesFor(type) };
}

function deviceState(device: DeviceRow, environment: Environment, instant: Date) {
  if (environment !== 'sandbox') return null;
  const type = device.type as (typeof DEVICE_TYPES)[number];
  return sandboxDeviceState(
    { type, oemDeviceId: device.oemDeviceId },
    instant,
    device.appliedActions,
  );
}

/** deviceReadData as JSON, with its length in UTF-8 bytes (names may hold any character). */
export interface DeviceJson {
  json: string;
  bytes: number;
}

interface Serialized extends DeviceJson {
  environment: Environment;
  /** The fixed part as JSON without its closing brace: `{"id":…,"capabilities":{…}`. */
  fixed: string;
  at: number;
}

const serialized = new WeakMap<DeviceRow, Serialized>();

/**
 * deviceReadData as JSON, kept per cached row for the last instant asked: the data is a pure function
 * of (row, environment, instant), and under load many reads of a device fall in the same millisecond.
 * Only the state depends on the instant: the summary and capabilities are serialized once per row (in
 * deviceReadData's key order, so the bytes are JSON.stringify's). The row object is the device
 * cache's, so a refreshed or invalidated row starts afresh.
 */
export function deviceReadJson(
  device: DeviceRow,
  environment: Environment,
  instant: Date,
): DeviceJson {
  const at = instant.getTime();
  let entry = serialized.get(device);
  if (entry && entry.at === at && entry.environment === environment) return entry;
  if (!entry || entry.environment !== environment) {
    entry = {
      environment,
      fixed: JSON.stringify(fixedDeviceData(device)).slice(0, -1),
      at: Number.NaN,
      json: '',
      bytes: 0,
    };
    serialized.set(device, entry);
  }
  entry.json = `${entry.fixed},"state":${JSON.stringify(deviceState(device, environment, instant))}}`;
  entry.bytes = Buffer.byteLength(entry.json);
  entry.at = at;
  return entry;
}

/** True when the request was taken (and is being answered); false: hand it to the Hono app. */
export type DeviceReadFastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createDeviceReadFastPath(
  deps: RouteDeps,
  serverHeaders?: ServerHeaders,
): DeviceReadFastPath {
  // The database handle only names the key cache; until it is known every request goes to the app.
  let db: Db | undefined;
  let asked = false;
  const learnDb = () => {
    asked = true;
    Promise.resolve()
      .then(deps.getDb)
      .then(
        (opened) => (db = opened),
        () => (asked = false),
      );
  };
  const options = {
    onBackgroundError: (error: unknown) =>
      deps.log({
        level: 'error',
        msg: 'api key lastUsedAt update failed',
        error: error instanceof Error ? error.message : String(error),
      }),
  };
  const clock = new Timestamps();

  return (req, res) => {
    if (req.method !== 'GET') return false;
    if (db === undefined) {
      if (!asked) learnDb();
      return false;
    }
    const path = req.url ?? '';
    const match = DEVICE_PATH.exec(path);
    if (!match) return false;
    const deviceType = match[1]!;
    const deviceId = match[2]!;
    if (!isPlausibleId(deviceId) || !isDeviceType(deviceType)) return false;
    const presented = keyHeaders(req.rawHeaders);
    if (!presented) return false;
    const key = presentedKey(presented);
    if (typeof key !== 'string') return false;
    const now = deps.clock();
    const verified = verifyCachedApiKey(db, key, now, options);
    if (!verified?.ok || !verified.key.permissions.includes('devices:read')) return false;
    const caller = verified.key;
    const device = deps.devices.peek(caller.environment, caller.customerId, deviceId, now);
    if (!device || device.type !== deviceType || device.overage) return false;
    const headers = serverHeaders ? serverHeaders(req) : [];
    if (!headers) return false;

    new DeviceReadAnswer(deps, res, caller, device, path, now, clock, headers).start();
    return true;
  };
}

/**
 * x-api-key and Authorization as the app reads them, from the raw header list; undefined when either
 * is repeated (node:http keeps only the first Authorization, the app sees them all; repeated x-api-key
 * values are joined): the app decides those.
 */
function keyHeaders(
  raw: readonly string[],
): { apiKey: string | undefined; authorization: string | undefined } | undefined {
  let apiKey: string | undefined;
  let authorization: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 9 && name.toLowerCase() === 'x-api-key') {
      if (apiKey !== undefined) return undefined;
      apiKey = raw[i + 1]!;
    } else if (name.length === 13 && name.toLowerCase() === 'authorization') {
      if (authorization !== undefined) return undefined;
      authorization = raw[i + 1]!;
    }
  }
  return { apiKey, authorization };
}

/** `Date#toISOString` of the last millisecond asked: many answers share one. */
class Timestamps {
  private at = Number.NaN;
  private iso = '';

  of(now: Date): string {
    const at = now.getTime();
    if (at !== this.at) {
      this.iso = now.toISOString();
      this.at = at;
    }
    return this.iso;
  }
}

type Budget = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/**
 * One taken request from the key's rate to the answer, as the Hono chain runs it (auth.ts, the device
 * route, the app's error handler). A class rather than closures: nothing is allocated per request but
 * this object, its header list and the answer.
 */
class DeviceReadAnswer {
  private readonly requestId = randomUUID();
  private readonly monthlyQuota: number | null;
  private readonly rate: number;

  constructor(
    private readonly deps: RouteDeps,
    private readonly res: ServerResponse,
    private readonly caller: VerifiedApiKey,
    private readonly device: DeviceRow,
    private readonly path: string,
    private readonly now: Date,
    private readonly clock: Timestamps,
    /** The server's headers; the answer's own follow, in the order the app writes them. */
    private readonly headers: string[],
  ) {
    const limits = limitsForKey({
      environment: caller.environment,
      customer: caller.terms,
      keyRateLimit: caller.rateLimit,
      sandboxRateLimit: deps.config.sandboxRateLimit,
    });
    this.rate = limits.rate;
    this.monthlyQuota = limits.monthlyQuota;
    headers.push('X-Request-Id', this.requestId);
  }

  /** The key's rate, then the month's quota, then the answer: synchronous while all are in memory. */
  start(): void {
    try {
      const rate = this.deps.rateLimiter.consume(
        this.caller.keyId,
        this.caller.environment,
        this.rate,
      );
      if (rate instanceof Promise) {
        rate.then(
          (decided) => this.afterRate(decided),
          (error: unknown) => this.fail(error),
        );
      } else {
        this.afterRate(rate);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private afterRate(rate: RateLimitResult): void {
    try {
      this.budget(RATE_HEADERS, rate);
      if (!rate.allowed) {
        this.meter(429, 'rate_limited');
        return this.refuse('RATE_LIMIT_EXCEEDED');
      }
      const usage = this.deps.usage;
      const quota = usage
        ? usage.admit(
            { customerId: this.caller.customerId, environment: this.caller.environment },
            this.monthlyQuota,
            this.now,
          )
        : null;
      if (quota instanceof Promise) {
        quota.then(
          (decided) => this.afterQuota(decided),
          (error: unknown) => this.fail(error),
        );
      } else {
        this.afterQuota(quota);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private afterQuota(quota: QuotaDecision | null): void {
    try {
      if (quota) {
        this.budget(QUOTA_HEADERS, quota);
        if (!quota.allowed) {
          this.meter(429, 'quota_refused');
          return this.refuse('QUOTA_EXCEEDED');
        }
      }
      const instant = this.deps.config.sandboxClock ?? this.now;
      const data = deviceReadJson(this.device, this.caller.environment, instant);
      // The bytes JSON.stringify gives the envelope: the device's part serialized once per instant,
      // the meta's strings need no escaping (a UUID, an ISO instant, a path DEVICE_PATH matched).
      const body = `{"success":true,"data":${data.json},"meta":{"requestId":"${this.requestId}","timestamp":"${this.clock.of(this.now)}","path":"${this.path}"}}`;
      // All but the device's part is ASCII.
      this.send(200, body, data.bytes + body.length - data.json.length);
      this.meter(200);
    } catch (error) {
      this.fail(error);
    }
  }

  private send(status: number, json: string, bytes: number): void {
    const headers = this.headers;
    const own = headers.length;
    headers.push('Content-Type', 'application/json', 'Content-Length', String(bytes));
    try {
      this.res.writeHead(status, headers);
    } catch (error) {
      // The error answer brings its own.
      headers.length = own;
      throw error;
    }
    this.res.end(json);
  }

  private refuse(code: ApiErrorCode): void {
    const { status, message } = API_ERRORS[code];
    const json = JSON.stringify({
      success: false,
      error: { code, message },
      meta: { requestId: this.requestId, timestamp: this.now.toISOString(), path: this.path },
    });
    this.send(status, json, Buffer.byteLength(json));
  }

  private budget(names: BudgetHeaders, budget: Budget): void {
    this.headers.push(
      names.limit,
      String(budget.limit),
      names.remaining,
      String(budget.remaining),
      names.reset,
      String(budget.resetSeconds),
    );
    if (!budget.allowed) this.headers.push('Retry-After', String(budget.resetSeconds));
  }

  private meter(status: number, refusal?: Refusal): void {
    this.deps.usage?.record(
      {
        keyId: this.caller.keyId,
        customerId: this.caller.customerId,
        environment: this.caller.environment,
        route: DEVICE_READ_ROUTE,
        status,
        refusal,
      },
      this.now,
    );
  }

  /** As the app's error handler: logged without the key, answered 500 INTERNAL_ERROR. */
  private fail(error: unknown): void {
    this.deps.log({
      level: 'error',
      msg: 'unhandled API error',
      requestId: this.requestId,
      method: 'GET',
      path: this.path,
      ...describeError(error),
    });
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    this.refuse('INTERNAL_ERROR');
    this.meter(500);
  }
}

interface BudgetHeaders {
  limit: string;
  remaining: string;
  reset: string;
}
const RATE_HEADERS: BudgetHeaders = {
  limit: 'X-RateLimit-Limit',
  remaining: 'X-RateLimit-Remaining',
  reset: 'X-RateLimit-Reset',
};
const QUOTA_HEADERS: BudgetHeaders = {
  limit: 'X-Quota-Limit',
  remaining: 'X-Quota-Remaining',
  reset: 'X-Quota-Reset',
};
