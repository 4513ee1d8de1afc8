import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SANDBOX_RATE_LIMIT, MAX_RATE_LIMIT } from '../usage/plans';
import { isLoopbackUrl } from '../webhooks/address-safety';

/** Default Standard Webhooks retry schedule in seconds. */
export const DEFAULT_RETRY_SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./.data'),
  APP_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'must be comma-separated seconds, e.g. 0,5,300')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WEBHOOK_DISPATCHER: z.enum(['on', 'off']).default('on'),
  /** Sandbox endpoints may target loopback/private addresses; unset = only on a loopback base URL. */
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The demo page, its inbox and disconnect button; unset = only on a loopback base URL. */
  DEMO: z
    .enum(['on', 'off'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ACTION_WORKER: z.enum(['on', 'off']).default('on'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Journeys opened per minute from one client address, and for one Customer App. */
  JOURNEY_LAUNCHES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  JOURNEY_LAUNCHES_PER_APP: z.coerce.number().int().min(1).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per second per sandbox key (sandbox keys have no monthly quota). */
  SANDBOX_RATE_LIMIT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[1-9]\d{0,6}$/, 'must be a positive whole number of requests per second')
      .transform(Number)
      .refine((n) => n <= MAX_RATE_LIMIT, `must be at most ${MAX_RATE_LIMIT}`)
      .optional(),
  ),
  /** Mail server for dashboard invitations, e.g. smtp://user:pass@mail.example:587; unset = links logged. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** `on`: `language=en-XA` serves the journey in the pseudo-locale (layout and catalog checks). */
  JOURNEY_PSEUDO_LOCALE: z.enum(['on', 'off']).default('off'),
  /** Pins the instant at which sandbox device state is simulated (demos and tests); unset = now. */
  SANDBOX_CLOCK: z.iso
    .datetime()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  appSecret: string;
  publicBaseUrl: string;
  webhookRetrySchedule: number[];
  webhookDispatcher: boolean;
  /** Sandbox webhooks may go to loopback and private addresses (never link-local or metadata). */
  webhookAllowPrivate: boolean;
  /** The built-in demo (page `/`, its webhook inbox and disconnect button) is served. */
  demo: boolean;
  actionWorker: boolean;
  redisUrl: string | undefined;
  launchLimits: { perAddress: number; perApp: number };
  /** `language=en-XA` launches the journey in the pseudo-locale (off unless JOURNEY_PSEUDO_LOCALE=on). */
  pseudoLocale: boolean;
  logLevel: Env['LOG_LEVEL'];
  sandboxClock: Date | undefined;
  /** Requests per second per sandbox key. */
  sandboxRateLimit: number;
  smtpUrl: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment object into a validated Config. Pure apart from the secret file under DATA_DIR. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const env = result.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  // A developer's machine is recognised by its own address: there, webhooks to local services and the
  // demo are what one wants; anywhere else they must be asked for.
  const onDeveloperMachine = isLoopbackUrl(publicBaseUrl);
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    appSecret: env.APP_SECRET ?? loadOrCreateSecret(dataDir),
    publicBaseUrl,
    webhookRetrySchedule: env.WEBHOOK_RETRY_SCHEDULE
      ? env.WEBHOOK_RETRY_SCHEDULE.split(',').map(Number)
      : DEFAULT_RETRY_SCHEDULE,
    webhookDispatcher: env.WEBHOOK_DISPATCHER === 'on',
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE
      ? env.WEBHOOK_ALLOW_PRIVATE === 'true'
      : onDeveloperMachine,
    demo: env.DEMO ? env.DEMO === 'on' : onDeveloperMachine,
    actionWorker: env.ACTION_WORKER === 'on',
    redisUrl: env.REDIS_URL,
    launchLimits: {
      perAddress: env.JOURNEY_LAUNCHES_PER_ADDRESS,
      perApp: env.JOURNEY_LAUNCHES_PER_APP,
    },
    pseudoLocale: env.JOURNEY_PSEUDO_LOCALE === 'on',
    logLevel: env.LOG_LEVEL,
    sandboxClock: env.SANDBOX_CLOCK ? new Date(env.SANDBOX_CLOCK) : undefined,
    sandboxRateLimit: env.SANDBOX_RATE_LIMIT ?? DEFAULT_SANDBOX_RATE_LIMIT,
    smtpUrl: env.SMTP_URL,
  };
}

/** Reads DATA_DIR/app-secret, creating it (mode 0600) with 48 random bytes on first use. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

let cached: Config | undefined;

/** The process configuration, parsed once from process.env on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Test hook: replaces the cached configuration. */
export function setConfigForTesting(config: Config | undefined): void {
  cached = config;
}
