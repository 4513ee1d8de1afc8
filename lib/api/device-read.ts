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
 * the requested type and no overage. Anything else — no key, an unknown or revoked key, a cache miss,
 * `?at=`, a 404, a 403 — goes to the Hono app, which answers exactly as before (and fills the caches).
 *
 * From the moment it takes a request it does what the Hono chain does, in the same order and with the
 * same code: the lastUsedAt refresh (verifyCachedApiKey), the key's rate (the same limiter), the monthly
 * quota, the same headers (X-Request-Id, X-RateLimit-*, X-Quota-*, Retry-After), the same envelope,
 * body and error codes (RATE_LIMIT_EXCEEDED, QUOTA_EXCEEDED, INTERNAL_ERROR), and metering under the
 * route's template. Tests compare its answers with the app's (device-read.db.test.ts).
 */

/** The metered route template, as routeTemplateOf names the Hono route. */
export const DEVICE_READ_ROUTE = 'GET /api/{deviceType}/{deviceId}';

const DEVICE_PATH = new RegExp(`^/api/(${DEVICE_TYPES.join('|')})/([A-Za-z0-9_-]+)$`);

/** The device read's `data`: the summary, the type's capabilities and, in the sandbox, its state. */
export function deviceReadData(device: DeviceRow, environment: Environment, instant: Date) {
  // Rows are written with a catalogue type only (registration checks it); callers check it too.
  const type = device.type as (typeof DEVICE_TYPES)[number];
  const state =
    environment === 'sandbox'
      ? sandboxDeviceState(
          { type, oemDeviceId: device.oemDeviceId },
          instant,
          device.appliedActions,
        )
      : null;
  return { ...toDeviceSummary(device), capabilities: capabilitiesFor(type), state };
}

const serialized = new WeakMap<DeviceRow, { environment: Environment; at: number; json: string }>();

/**
 * deviceReadData as JSON, kept per cached row for the last instant asked: the data is a pure function
 * of (row, environment, instant), and under load many reads of a device fall in the same millisecond.
 * The row object is the device cache's, so a refreshed or invalidated row starts afresh.
 */
export function deviceReadJson(device: DeviceRow, environment: Environment, instant: Date): string {
  const at = instant.getTime();
  const last = serialized.get(device);
  if (last && last.at === at && last.environment === environment) return last.json;
  const json = JSON.stringify(deviceReadData(device, environment, instant));
  serialized.set(device, { environment, at, json });
  return json;
}

/** True when the request was taken (and is being answered); false: hand it to the Hono app. */
export type DeviceReadFastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createDeviceReadFastPath(deps: RouteDeps): DeviceReadFastPath {
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
    const apiKey = req.headers['x-api-key'];
    const authorization = req.headers.authorization;
    // Node keeps only the first of repeated Authorization headers, the app sees them all: leave it any
    // doubt.
    if (authorization !== undefined && countHeader(req.rawHeaders, 'authorization') !== 1) {
      return false;
    }
    const key = presentedKey({
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
      authorization,
    });
    if (typeof key !== 'string') return false;
    const now = deps.clock();
    const verified = verifyCachedApiKey(db, key, now, options);
    if (!verified?.ok || !verified.key.permissions.includes('devices:read')) return false;
    const caller = verified.key;
    const device = deps.devices.peek(caller.environment, caller.customerId, deviceId, now);
    if (!device || device.type !== deviceType || device.overage) return false;

    new DeviceReadAnswer(deps, res, caller, device, path, now).start();
    return true;
  };
}

type Budget = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/**
 * One taken request from the key's rate to the answer, as the Hono chain runs it (auth.ts, the device
 * route, the app's error handler). A class rather than closures: nothing is allocated per request but
 * this object, its headers and the answer.
 */
class DeviceReadAnswer {
  private readonly requestId = randomUUID();
  private readonly headers: Record<string, string> = { 'X-Request-Id': this.requestId };
  private readonly monthlyQuota: number | null;
  private readonly rate: number;

  constructor(
    private readonly deps: RouteDeps,
    private readonly res: ServerResponse,
    private readonly caller: VerifiedApiKey,
    private readonly device: DeviceRow,
    private readonly path: string,
    private readonly now: Date,
  ) {
    const limits = limitsForKey({
      environment: caller.environment,
      customer: caller.terms,
      keyRateLimit: caller.rateLimit,
      sandboxRateLimit: deps.config.sandboxRateLimit,
    });
    this.rate = limits.rate;
    this.monthlyQuota = limits.monthlyQuota;
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
      this.budget('RateLimit', rate);
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
        this.budget('Quota', quota);
        if (!quota.allowed) {
          this.meter(429, 'quota_refused');
          return this.refuse('QUOTA_EXCEEDED');
        }
      }
      const instant = this.deps.config.sandboxClock ?? this.now;
      const data = deviceReadJson(this.device, this.caller.environment, instant);
      // The bytes JSON.stringify gives the envelope, the device's part serialized once per instant.
      this.send(200, `{"success":true,"data":${data},"meta":${JSON.stringify(this.meta())}}`);
      this.meter(200);
    } catch (error) {
      this.fail(error);
    }
  }

  private meta() {
    return { requestId: this.requestId, timestamp: this.now.toISOString(), path: this.path };
  }

  private send(status: number, json: string): void {
    const headers = this.headers;
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(json));
    this.res.writeHead(status, headers);
    this.res.end(json);
  }

  private refuse(code: ApiErrorCode): void {
    const { status, message } = API_ERRORS[code];
    this.send(
      status,
      JSON.stringify({ success: false, error: { code, message }, meta: this.meta() }),
    );
  }

  private budget(name: 'RateLimit' | 'Quota', budget: Budget): void {
    this.headers[`X-${name}-Limit`] = String(budget.limit);
    this.headers[`X-${name}-Remaining`] = String(budget.remaining);
    this.headers[`X-${name}-Reset`] = String(budget.resetSeconds);
    if (!budget.allowed) this.headers['Retry-After'] = String(budget.resetSeconds);
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

function countHeader(raw: readonly string[], lowerName: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) count++;
  }
  return count;
}
