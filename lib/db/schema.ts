import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  type PgSchema,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type {
  AppliedActions,
  DiscoveredDevice,
  Environment,
  JourneyMode,
  JourneyStep,
  Language,
  Plan,
} from '../vocabulary';
import { DEFAULT_PLAN, PLAN_TERMS } from '../vocabulary';

/**
 * Database schema. `public` holds what both environments share (customers, apps, keys, audit);
 * `sandbox` and `live` hold identical, fully isolated tables, picked by the environment of the request.
 */

export { ENVIRONMENTS } from '../vocabulary';
export type { Environment, JourneyMode } from '../vocabulary';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

// ---------------------------------------------------------------- public

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  liveEnabled: boolean('live_enabled').notNull().default(false),
  /** Maximum number of live devices across all OEMs; null = unlimited. */
  globalCap: integer('global_cap'),
  /** Per-OEM live device caps, e.g. { "volta": 10 }. */
  oemCaps: jsonb('oem_caps').$type<Record<string, number>>().notNull().default({}),
  /** The plan, and the terms it gives live keys (its published ones unless agreed otherwise). */
  plan: text('plan').$type<Plan>().notNull().default(DEFAULT_PLAN),
  /** Requests per second per live key. */
  rateLimit: integer('rate_limit').notNull().default(PLAN_TERMS[DEFAULT_PLAN].rateLimit),
  /** Requests per UTC calendar month, all live keys together. */
  monthlyQuota: bigint('monthly_quota', { mode: 'number' })
    .notNull()
    .default(PLAN_TERMS[DEFAULT_PLAN].monthlyQuota),
  createdAt: createdAt(),
});

export const customerApps = pgTable(
  'customer_apps',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    appName: text('app_name').notNull(),
    logoUrl: text('logo_url'),
    /** Brand colour (`#rrggbb`) of the journey's primary button; null = the product's own. */
    primaryColor: text('primary_color'),
    /** Exact origins that may embed the journey (frame it, receive its messages); none by default. */
    allowedOrigins: text('allowed_origins')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    redirectUrl: text('redirect_url').notNull(),
    reconnectRedirectUrl: text('reconnect_redirect_url').notNull(),
    /** OEM ids the app offers; null = every OEM of the catalogue. */
    supportedOems: text('supported_oems').array(),
    /** Catalogue tiers this app is entitled to in live. */
    entitledTiers: text('entitled_tiers')
      .array()
      .notNull()
      .default(sql`'{standard}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [index('customer_apps_customer_idx').on(t.customerId)],
);

/**
 * The copy of each app's logo the journey serves from its own origin (docs/journey.md, "Your logo"):
 * fetched server-side from `logoUrl`, or the reason it could not be, so a failing URL is not fetched
 * on every launch.
 */
export const appLogos = pgTable('app_logos', {
  appId: text('app_id')
    .primaryKey()
    .references(() => customerApps.id, { onDelete: 'cascade' }),
  /** The `logoUrl` this copy came from; a changed URL is fetched again. */
  sourceUrl: text('source_url').notNull(),
  contentType: text('content_type'),
  /** The image, base64; null when the last fetch failed. */
  body: text('body'),
  sha256: text('sha256'),
  /** Why the last fetch failed (for the operator's logs); null on success. */
  failure: text('failure'),
  fetchedAt: ts('fetched_at').notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    environment: text('environment').$type<Environment>().notNull(),
    /** Non-secret display prefix, e.g. `amps_sk_test_4fZq`. */
    prefix: text('prefix').notNull(),
    /** SHA-256 (hex) of the whole key. The key itself is never stored. */
    hash: text('hash').notNull(),
    name: text('name'),
    permissions: text('permissions').array().notNull(),
    /** The key's own requests/s, below its plan's; null = the plan's (or sandbox) rate. */
    rateLimit: integer('rate_limit'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_hash_idx').on(t.hash),
    index('api_keys_customer_idx').on(t.customerId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    customerId: text('customer_id'),
    environment: text('environment').$type<Environment>(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_subject_idx').on(t.subjectId), index('audit_log_at_idx').on(t.at)],
);

/**
 * Metered API requests (see lib/usage): per key, route template, status class and minute. Written in
 * batches by the metering flush; minute rows older than 7 days are rolled up into usage_hours.
 */
function usageTable(name: string) {
  return pgTable(
    name,
    {
      keyId: text('key_id').notNull(),
      customerId: text('customer_id').notNull(),
      environment: text('environment').$type<Environment>().notNull(),
      /** Method and route template, e.g. `GET /api/{deviceType}/{deviceId}`: never a raw path. */
      route: text('route').notNull(),
      /** 2, 3, 4 or 5 for 2xx … 5xx. */
      statusClass: smallint('status_class').notNull(),
      /** Start of the UTC minute (usage_minutes) or hour (usage_hours). */
      bucket: ts('bucket').notNull(),
      /** Every answered request, refusals included. */
      requests: integer('requests').notNull(),
      /** Of those, refused with RATE_LIMIT_EXCEEDED. */
      rateLimited: integer('rate_limited').notNull().default(0),
      /** Of those, refused with QUOTA_EXCEEDED. */
      quotaRefused: integer('quota_refused').notNull().default(0),
    },
    (t) => [
      // Bucket first: the current minute's upserts stay together, and retention scans a range.
      primaryKey({ columns: [t.bucket, t.keyId, t.route, t.statusClass] }),
      index(`${name}_customer_idx`).on(t.customerId, t.environment, t.bucket),
    ],
  );
}

export const usageMinutes = usageTable('usage_minutes');
export const usageHours = usageTable('usage_hours');

/** Requests counted against the monthly quota, per customer, environment and UTC month. */
export const usageMonths = pgTable(
  'usage_months',
  {
    customerId: text('customer_id').notNull(),
    environment: text('environment').$type<Environment>().notNull(),
    /** 00:00:00Z on the month's first day. */
    month: ts('month').notNull(),
    used: bigint('used', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.environment, t.month] })],
);

// ---------------------------------------------------------------- per environment

export type CredentialStatus = 'active' | 'expired' | 'revoked';
export type DeviceStatus = 'connected' | 'disconnected';
export type JourneyStatus = 'active' | 'completed' | 'cancelled' | 'failed';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export type ActionStatus = 'pending' | 'succeeded' | 'failed';

export const sandboxSchema = pgSchema('sandbox');
export const liveSchema = pgSchema('live');

function envTables(name: Environment) {
  const s: PgSchema<Environment> = name === 'live' ? liveSchema : sandboxSchema;

  const endUsers = s.table(
    'end_users',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      userId: text('user_id').notNull(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex(`${name}_end_users_customer_user_idx`).on(t.customerId, t.userId)],
  );

  const credentials = s.table(
    'credentials',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      endUserId: text('end_user_id')
        .notNull()
        .references(() => endUsers.id),
      appId: text('app_id').notNull(),
      oem: text('oem').notNull(),
      authMethod: text('auth_method').notNull(),
      /** HMAC of the OEM account identifier: matches an account without storing it. */
      accountRef: text('account_ref').notNull(),
      /** OEM tokens, encrypted (see lib/crypto). */
      secret: text('secret').notNull(),
      status: text('status').$type<CredentialStatus>().notNull().default('active'),
      createdAt: createdAt(),
      updatedAt: ts('updated_at').notNull().defaultNow(),
    },
    (t) => [
      uniqueIndex(`${name}_credentials_account_idx`).on(
        t.customerId,
        t.endUserId,
        t.oem,
        t.accountRef,
      ),
    ],
  );

  const devices = s.table(
    'devices',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      endUserId: text('end_user_id')
        .notNull()
        .references(() => endUsers.id),
      credentialId: text('credential_id')
        .notNull()
        .references(() => credentials.id),
      appId: text('app_id').notNull(),
      type: text('type').notNull(),
      oem: text('oem').notNull(),
      oemDeviceId: text('oem_device_id').notNull(),
      name: text('name').notNull(),
      model: text('model').notNull(),
      capabilities: jsonb('capabilities').$type<Record<string, unknown>>().notNull().default({}),
      status: text('status').$type<DeviceStatus>().notNull().default('connected'),
      overage: boolean('overage').notNull().default(false),
      /** Per action type, the latest succeeded action (what sandbox state overlays). */
      appliedActions: jsonb('applied_actions').$type<AppliedActions>().notNull().default({}),
      connectedAt: ts('connected_at').notNull().defaultNow(),
      disconnectedAt: ts('disconnected_at'),
      createdAt: createdAt(),
      updatedAt: ts('updated_at').notNull().defaultNow(),
    },
    (t) => [
      // One device per end user: the same OEM device connected by two of a customer's users is two
      // devices, so a journey never moves a device from one user to another.
      uniqueIndex(`${name}_devices_user_oem_device_idx`).on(
        t.customerId,
        t.endUserId,
        t.oem,
        t.oemDeviceId,
      ),
      index(`${name}_devices_oem_device_idx`).on(t.customerId, t.oem, t.oemDeviceId),
      index(`${name}_devices_end_user_idx`).on(t.endUserId),
      index(`${name}_devices_credential_idx`).on(t.credentialId),
    ],
  );

  const journeySessions = s.table(
    'journey_sessions',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      appId: text('app_id').notNull(),
      userId: text('user_id').notNull(),
      mode: text('mode').$type<JourneyMode>().notNull(),
      status: text('status').$type<JourneyStatus>().notNull().default('active'),
      step: text('step').$type<JourneyStep>().notNull(),
      /** Bumped on every accepted step: a step token is good for one version only. */
      version: integer('version').notNull().default(1),
      state: text('state'),
      /** The language the person reads the journey in (docs/journey.md#languages). */
      language: text('language').$type<Language>().notNull().default('en'),
      deviceType: text('device_type'),
      oem: text('oem'),
      authMethod: text('auth_method'),
      /** HMAC of the OEM account identifier entered at the credentials step. */
      accountRef: text('account_ref'),
      /** Encrypted OEM session (pending MFA or tokens); never leaves the server. */
      oemSession: text('oem_session'),
      discoveredDevices: jsonb('discovered_devices').$type<DiscoveredDevice[]>(),
      selectedDeviceIds: jsonb('selected_device_ids').$type<string[]>(),
      /** Reconnection: the credential being refreshed. */
      credentialId: text('credential_id'),
      loginFailures: integer('login_failures').notNull().default(0),
      mfaFailures: integer('mfa_failures').notNull().default(0),
      /** Steps the app answered at launch (`deviceType`, `oem`): absent from this journey's path. */
      skippedSteps: jsonb('skipped_steps').$type<JourneyStep[]>().notNull().default([]),
      /** MFA codes sent again at the person's request, and when a code was last sent (throttle). */
      mfaResends: integer('mfa_resends').notNull().default(0),
      mfaSentAt: ts('mfa_sent_at'),
      errorCode: text('error_code'),
      /** Device ids registered by this journey (filled at completion). */
      deviceIds: jsonb('device_ids').$type<string[]>(),
      createdAt: createdAt(),
      updatedAt: ts('updated_at').notNull().defaultNow(),
      expiresAt: ts('expires_at').notNull(),
      completedAt: ts('completed_at'),
    },
    (t) => [index(`${name}_journey_sessions_customer_idx`).on(t.customerId, t.createdAt)],
  );

  const journeyEvents = s.table(
    'journey_events',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      sessionId: text('session_id').notNull(),
      at: ts('at').notNull().defaultNow(),
      type: text('type').notNull(),
      step: text('step'),
      /** OEM + HMAC of the account identifier, for the per-account failed-login budget. */
      accountRef: text('account_ref'),
      /** Failed sign-ins: whose journey it was and an HMAC of the client address (budget keys). */
      customerId: text('customer_id'),
      clientRef: text('client_ref'),
      details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    },
    (t) => [
      index(`${name}_journey_events_session_idx`).on(t.sessionId),
      index(`${name}_journey_events_account_idx`).on(t.accountRef, t.at),
    ],
  );

  /**
   * The conversion funnel: what each journey did, step by step (the events an embedding app hears),
   * written with the step that caused them. Never a credential or code.
   */
  const funnelEvents = s.table(
    'funnel_events',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      sessionId: text('session_id').notNull(),
      customerId: text('customer_id').notNull(),
      appId: text('app_id').notNull(),
      at: ts('at').notNull(),
      event: text('event').notNull(),
      step: text('step'),
      oem: text('oem'),
      code: text('code'),
    },
    (t) => [index(`${name}_funnel_events_customer_idx`).on(t.customerId, t.at)],
  );

  /** Single-use reconnection links (the token's jti is recorded when consumed). */
  const reconnectionLinks = s.table('reconnection_links', {
    id: text('id').primaryKey(),
    credentialId: text('credential_id').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  });

  const webhookEndpoints = s.table(
    'webhook_endpoints',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      url: text('url').notNull(),
      /** Encrypted `whsec_` secrets; two while a rotation is in progress. */
      secrets: jsonb('secrets').$type<string[]>().notNull(),
      enabled: boolean('enabled').notNull().default(true),
      disabledReason: text('disabled_reason'),
      createdAt: createdAt(),
      deletedAt: ts('deleted_at'),
    },
    (t) => [index(`${name}_webhook_endpoints_customer_idx`).on(t.customerId)],
  );

  const webhookEvents = s.table(
    'webhook_events',
    {
      /** The `webhook-id` header value; kept on replays. */
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      type: text('type').notNull(),
      /** The full JSON body sent to receivers. */
      payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
      createdAt: createdAt(),
    },
    (t) => [index(`${name}_webhook_events_customer_idx`).on(t.customerId, t.createdAt)],
  );

  const webhookDeliveries = s.table(
    'webhook_deliveries',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      eventId: text('event_id')
        .notNull()
        .references(() => webhookEvents.id),
      endpointId: text('endpoint_id')
        .notNull()
        .references(() => webhookEndpoints.id),
      customerId: text('customer_id').notNull(),
      status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
      attempts: integer('attempts').notNull().default(0),
      nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
      /** A claimed delivery is leased until this instant; an expired lease is claimable again. */
      leaseUntil: ts('lease_until'),
      lastAttemptAt: ts('last_attempt_at'),
      lastStatusCode: integer('last_status_code'),
      /** Size of the last response body; the body itself is never kept. */
      lastResponseBytes: integer('last_response_bytes'),
      /** A generic error class (lib/webhooks/error-class.ts), never a receiver's words. */
      lastError: text('last_error'),
      deliveredAt: ts('delivered_at'),
      createdAt: createdAt(),
    },
    (t) => [
      index(`${name}_webhook_deliveries_due_idx`)
        .on(t.nextAttemptAt)
        .where(sql`status = 'pending'`),
      index(`${name}_webhook_deliveries_customer_idx`).on(t.customerId, t.createdAt),
    ],
  );

  const webhookAttempts = s.table(
    'webhook_attempts',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      deliveryId: integer('delivery_id').notNull(),
      attempt: integer('attempt').notNull(),
      at: ts('at').notNull().defaultNow(),
      statusCode: integer('status_code'),
      responseBytes: integer('response_bytes'),
      error: text('error'),
      durationMs: integer('duration_ms').notNull(),
    },
    (t) => [index(`${name}_webhook_attempts_delivery_idx`).on(t.deliveryId)],
  );

  /**
   * Device actions (the async write path): accepted with the outbox pattern, carried out by the
   * action worker, which claims due rows with FOR UPDATE SKIP LOCKED and counts the attempt.
   */
  const actions = s.table(
    'actions',
    {
      /** Also the OEM's idempotency key. */
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      deviceId: text('device_id')
        .notNull()
        .references(() => devices.id),
      type: text('type').notNull(),
      params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
      status: text('status').$type<ActionStatus>().notNull().default('pending'),
      failureReason: text('failure_reason'),
      /** Set when a schedule fired the action, with the occurrence it fired for. */
      scheduleId: text('schedule_id'),
      occurrenceAt: ts('occurrence_at'),
      createdAt: createdAt(),
      /** Not settled by then: failed with OEM_TIMEOUT. */
      deadlineAt: ts('deadline_at').notNull(),
      completedAt: ts('completed_at'),
      /** Claims so far; a claim's number fences its outcome against a later claim's. */
      attempts: integer('attempts').notNull().default(0),
      /** Due for (another) claim at; a claim pushes it past its lease. */
      nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
      lastError: text('last_error'),
    },
    (t) => [
      index(`${name}_actions_due_idx`)
        .on(t.nextAttemptAt)
        .where(sql`status = 'pending'`),
      index(`${name}_actions_device_idx`).on(t.deviceId, t.createdAt),
      uniqueIndex(`${name}_actions_occurrence_idx`).on(t.scheduleId, t.occurrenceAt),
    ],
  );

  /** Idempotency-Key of action requests, per customer (the environment is the schema). */
  const actionIdempotencyKeys = s.table(
    'action_idempotency_keys',
    {
      customerId: text('customer_id').notNull(),
      key: text('key').notNull(),
      /** SHA-256 of the request (device and body): the same key with another request conflicts. */
      fingerprint: text('fingerprint').notNull(),
      actionId: text('action_id').notNull(),
      createdAt: createdAt(),
    },
    (t) => [
      primaryKey({ columns: [t.customerId, t.key] }),
      index(`${name}_action_idempotency_keys_created_idx`).on(t.createdAt),
    ],
  );

  /** Weekly recurring actions, each occurrence fired as an ordinary action. */
  const schedules = s.table(
    'schedules',
    {
      id: text('id').primaryKey(),
      customerId: text('customer_id').notNull(),
      deviceId: text('device_id')
        .notNull()
        .references(() => devices.id),
      actionType: text('action_type').notNull(),
      actionParams: jsonb('action_params').$type<Record<string, unknown>>().notNull().default({}),
      /** mon … sun */
      days: text('days').array().notNull(),
      /** Local wall-clock time, HH:MM. */
      time: text('time').notNull(),
      /** IANA time zone the time is read in. */
      timezone: text('timezone').notNull(),
      /** The next occurrence (UTC instant) still to fire. */
      nextOccurrenceAt: ts('next_occurrence_at').notNull(),
      lastOccurrenceAt: ts('last_occurrence_at'),
      createdAt: createdAt(),
    },
    (t) => [
      index(`${name}_schedules_due_idx`).on(t.nextOccurrenceAt),
      index(`${name}_schedules_device_idx`).on(t.deviceId),
    ],
  );

  return {
    endUsers,
    credentials,
    devices,
    journeySessions,
    journeyEvents,
    funnelEvents,
    reconnectionLinks,
    webhookEndpoints,
    webhookEvents,
    webhookDeliveries,
    webhookAttempts,
    actions,
    actionIdempotencyKeys,
    schedules,
  };
}

export const sandbox = envTables('sandbox');
export const live = envTables('live');

export type EnvTables = typeof sandbox;

/** The tables of one environment. */
export function tablesFor(environment: Environment): EnvTables {
  return (environment === 'live' ? live : sandbox) as EnvTables;
}

export type Customer = typeof customers.$inferSelect;
export type UsageRow = typeof usageMinutes.$inferSelect;
export type CustomerApp = typeof customerApps.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Device = EnvTables['devices']['$inferSelect'];
export type Credential = EnvTables['credentials']['$inferSelect'];
export type JourneySession = EnvTables['journeySessions']['$inferSelect'];
export type WebhookEndpoint = EnvTables['webhookEndpoints']['$inferSelect'];
export type WebhookEvent = EnvTables['webhookEvents']['$inferSelect'];
export type WebhookDelivery = EnvTables['webhookDeliveries']['$inferSelect'];
export type Action = EnvTables['actions']['$inferSelect'];
export type Schedule = EnvTables['schedules']['$inferSelect'];

// ---------------------------------------------------------------- sandbox OEM simulators

/**
 * What the simulated sandbox OEMs remember of the commands sent to them (their side of the wire,
 * kept here so that it outlives our processes like a real OEM's would): one row per idempotency key.
 */
export const sandboxOemCommands = sandboxSchema.table(
  'simulated_oem_commands',
  {
    oem: text('oem').notNull(),
    key: text('key').notNull(),
    oemDeviceId: text('oem_device_id').notNull(),
    type: text('type').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    /** The device's n-th command. */
    sequence: integer('sequence').notNull(),
    calls: integer('calls').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.oem, t.key] }),
    uniqueIndex('simulated_oem_commands_device_sequence_idx').on(t.oem, t.oemDeviceId, t.sequence),
  ],
);

// drizzle-kit discovers tables from named exports.
export const {
  endUsers: sandboxEndUsers,
  credentials: sandboxCredentials,
  devices: sandboxDevices,
  journeySessions: sandboxJourneySessions,
  journeyEvents: sandboxJourneyEvents,
  funnelEvents: sandboxFunnelEvents,
  reconnectionLinks: sandboxReconnectionLinks,
  webhookEndpoints: sandboxWebhookEndpoints,
  webhookEvents: sandboxWebhookEvents,
  webhookDeliveries: sandboxWebhookDeliveries,
  webhookAttempts: sandboxWebhookAttempts,
  actions: sandboxActions,
  actionIdempotencyKeys: sandboxActionIdempotencyKeys,
  schedules: sandboxSchedules,
} = sandbox;
export const {
  endUsers: liveEndUsers,
  credentials: liveCredentials,
  devices: liveDevices,
  journeySessions: liveJourneySessions,
  journeyEvents: liveJourneyEvents,
  funnelEvents: liveFunnelEvents,
  reconnectionLinks: liveReconnectionLinks,
  webhookEndpoints: liveWebhookEndpoints,
  webhookEvents: liveWebhookEvents,
  webhookDeliveries: liveWebhookDeliveries,
  webhookAttempts: liveWebhookAttempts,
  actions: liveActions,
  actionIdempotencyKeys: liveActionIdempotencyKeys,
  schedules: liveSchedules,
} = live;

// ---------------------------------------------------------------- dashboard accounts

export {
  authAccounts,
  authInvitations,
  authMembers,
  authOrganizations,
  authSessions,
  authTwoFactors,
  authUsers,
  authVerifications,
} from '../accounts/tables';
