import { z } from 'zod';
import type { Customer } from '../../lib/db/schema';
import {
  createCustomer,
  createCustomerApp,
  getCustomer,
  grantLiveAccess,
  listLiveAccessRequests,
  updateCustomer,
} from '../../lib/customers';
import { createApiKey, revokeApiKey, setApiKeyRateLimit } from '../../lib/keys';
import { limitsForKey } from '../../lib/usage/limits';
import { createWebhookEndpoint } from '../../lib/webhooks';
import { CliError } from './cli-error';
import type { Command, CommandContext } from './define-command';
import { defineCommand } from './define-command';
import {
  capValue,
  commaList,
  environmentValue,
  isoInstant,
  oemCapPairs,
  planValue,
  quotaValue,
  rateOrNone,
  rateValue,
  requiredText,
  trueFalse,
} from './flag-values';

/** Recorded as the actor of every change made through the CLI. */
const ACTOR = 'admin-cli';

async function requireCustomer(ctx: CommandContext, customerId: string): Promise<Customer> {
  const customer = await getCustomer(ctx.db, customerId);
  if (!customer) throw new CliError(`Unknown customer ${customerId}`);
  return customer;
}

function presentCustomer(customer: Customer) {
  const { id, ...rest } = customer;
  return { customerId: id, ...rest };
}

/**
 * The operator's commands (plus `--tiers` on app:create for live entitlements, `--rate` on key:create
 * and key:update for per-key rates).
 */
export const COMMANDS = {
  'customer:create': defineCommand({
    summary: 'Create a customer; prints { customerId }',
    flags: {
      name: { type: 'string', required: true, help: 'display name' },
      'live-enabled': { type: 'boolean', help: 'allow live API keys and journeys' },
    },
    schema: z.object({ name: requiredText, 'live-enabled': z.boolean().optional() }),
    run: (ctx, input) =>
      createCustomer(
        ctx.db,
        { name: input.name, liveEnabled: input['live-enabled'] ?? false },
        { actor: ACTOR },
      ),
  }),

  'customer:update': defineCommand({
    summary: 'Change live access, allowances and plan; prints the customer',
    flags: {
      customer: { type: 'string', required: true, help: 'customer id (cus_…)' },
      'live-enabled': { type: 'string', help: 'true or false' },
      'global-cap': { type: 'string', help: 'maximum live devices in total, or none' },
      'oem-cap': {
        type: 'string',
        multiple: true,
        help: 'OEM=N, maximum live devices of one OEM (repeatable)',
      },
      plan: {
        type: 'string',
        help: "starter (10/s, 100,000 a month), pro (100/s, 1,000,000) or enterprise (give --rate and --monthly-quota); applies the plan's terms",
      },
      rate: { type: 'string', help: 'requests per second per live key (custom terms)' },
      'monthly-quota': {
        type: 'string',
        help: 'requests per UTC month, all live keys together (custom terms)',
      },
    },
    schema: z.object({
      customer: requiredText,
      'live-enabled': trueFalse.optional(),
      'global-cap': capValue.optional(),
      'oem-cap': oemCapPairs.optional(),
      plan: planValue.optional(),
      rate: rateValue.optional(),
      'monthly-quota': quotaValue.optional(),
    }),
    run: async (ctx, input) =>
      presentCustomer(
        await updateCustomer(
          ctx.db,
          {
            customerId: input.customer,
            liveEnabled: input['live-enabled'],
            globalCap: input['global-cap'],
            oemCaps: input['oem-cap'],
            plan: input.plan,
            rateLimit: input.rate,
            monthlyQuota: input['monthly-quota'],
          },
          { actor: ACTOR },
        ),
      ),
  }),

  'app:create': defineCommand({
    summary: 'Register a Customer App; prints { appId }',
    flags: {
      customer: { type: 'string', required: true, help: 'customer id (cus_…)' },
      name: {
        type: 'string',
        required: true,
        help: 'app name shown in the journey (1–80 characters)',
      },
      'redirect-url': { type: 'string', required: true, help: 'https URL the journey returns to' },
      'reconnect-redirect-url': {
        type: 'string',
        required: true,
        help: 'https URL reconnection returns to',
      },
      'logo-url': { type: 'string', help: 'https URL of the logo' },
      'primary-color': {
        type: 'string',
        help: "brand colour of the journey's primary button, e.g. '#0f766e' (≥ 4.5:1 with white text)",
      },
      'allowed-origins': {
        type: 'string',
        help: 'comma-separated origins that may embed the journey (https; http only for localhost)',
      },
      oems: { type: 'string', help: 'comma-separated OEM ids; default every OEM' },
      tiers: {
        type: 'string',
        help: 'comma-separated live tiers (standard,premium); default standard',
      },
    },
    schema: z.object({
      customer: requiredText,
      name: z.string(),
      'redirect-url': z.string(),
      'reconnect-redirect-url': z.string(),
      'logo-url': z.string().optional(),
      'primary-color': z.string().optional(),
      'allowed-origins': commaList.optional(),
      oems: commaList.optional(),
      tiers: commaList.optional(),
    }),
    run: (ctx, input) =>
      createCustomerApp(
        ctx.db,
        {
          customerId: input.customer,
          appName: input.name,
          redirectUrl: input['redirect-url'],
          reconnectRedirectUrl: input['reconnect-redirect-url'],
          logoUrl: input['logo-url'],
          primaryColor: input['primary-color'],
          allowedOrigins: input['allowed-origins'],
          supportedOems: input.oems,
          entitledTiers: input.tiers as ('standard' | 'premium')[] | undefined,
        },
        { actor: ACTOR },
      ),
  }),

  'key:create': defineCommand({
    summary: 'Create an API key; prints { keyId, key } (the only time the key is shown)',
    flags: {
      customer: { type: 'string', required: true, help: 'customer id (cus_…)' },
      env: { type: 'string', required: true, help: 'sandbox or live' },
      name: { type: 'string', help: 'a label for the key' },
      'expires-at': { type: 'string', help: 'ISO 8601 expiry, e.g. 2027-01-31T00:00:00Z' },
      rate: {
        type: 'string',
        help: "the key's own requests per second, below its plan's (the lower applies)",
      },
    },
    schema: z.object({
      customer: requiredText,
      env: environmentValue,
      name: requiredText.optional(),
      'expires-at': isoInstant.optional(),
      rate: rateValue.optional(),
    }),
    run: async (ctx, input) => {
      await requireCustomer(ctx, input.customer);
      const expiresAt = input['expires-at'];
      if (expiresAt && expiresAt <= ctx.now)
        throw new CliError('Invalid --expires-at: must be in the future');
      return createApiKey(
        ctx.db,
        {
          customerId: input.customer,
          environment: input.env,
          name: input.name,
          expiresAt,
          rateLimit: input.rate,
          actor: ACTOR,
        },
        ctx.now,
      );
    },
  }),
  'key:update': defineCommand({
    summary: "Change an API key's own rate; prints { keyId, rateLimit, effectiveRateLimit }",
    flags: {
      'key-id': { type: 'string', required: true, help: 'key id (key_…)' },
      rate: {
        type: 'string',
        required: true,
        help: "requests per second for this key (the lower of it and the plan's applies), or none for the plan's",
      },
    },
    schema: z.object({ 'key-id': requiredText, rate: rateOrNone }),
    run: async (ctx, input) => {
      const updated = await setApiKeyRateLimit(ctx.db, input['key-id'], input.rate, {
        now: ctx.now,
        actor: ACTOR,
      });
      if (!updated) throw new CliError(`Unknown API key ${input['key-id']}`);
      const customer = await requireCustomer(ctx, updated.customerId);
      const { rate } = limitsForKey({
        environment: updated.environment,
        customer,
        keyRateLimit: updated.rateLimit,
        sandboxRateLimit: ctx.config.sandboxRateLimit,
      });
      return { keyId: updated.keyId, rateLimit: updated.rateLimit, effectiveRateLimit: rate };
    },
  }),

  'key:revoke': defineCommand({
    summary: 'Revoke an API key; prints { keyId, revokedAt }',
    flags: { 'key-id': { type: 'string', required: true, help: 'key id (key_…)' } },
    schema: z.object({ 'key-id': requiredText }),
    run: async (ctx, input) => {
      const revoked = await revokeApiKey(ctx.db, input['key-id'], ctx.now, ACTOR);
      if (!revoked) throw new CliError(`Unknown API key ${input['key-id']}`);
      return revoked;
    },
  }),

  'webhook:create': defineCommand({
    summary:
      'Register a webhook endpoint; prints { endpointId, secret } (the only time the secret is shown)',
    flags: {
      customer: { type: 'string', required: true, help: 'customer id (cus_…)' },
      env: { type: 'string', required: true, help: 'sandbox or live' },
      url: {
        type: 'string',
        required: true,
        help: 'receiver URL (live: https on a public address)',
      },
    },
    schema: z.object({ customer: requiredText, env: environmentValue, url: requiredText }),
    run: async (ctx, input) => {
      await requireCustomer(ctx, input.customer);
      return createWebhookEndpoint(
        ctx.db,
        input.env,
        { customerId: input.customer, url: input.url },
        { appSecret: ctx.config.appSecret, allowPrivate: ctx.config.webhookAllowPrivate },
      );
    },
  }),

  'live-access:list': defineCommand({
    summary:
      'List live access requested from the dashboard and not granted yet; prints { requests: [{ customerId, name, requestedAt, requestedBy }] }',
    flags: {},
    schema: z.object({}),
    run: async (ctx) => ({ requests: await listLiveAccessRequests(ctx.db) }),
  }),

  'live-access:grant': defineCommand({
    summary: 'Enable live for a customer (answers its request); prints { customerId, liveEnabled }',
    flags: { customer: { type: 'string', required: true, help: 'customer id (cus_…)' } },
    schema: z.object({ customer: requiredText }),
    run: async (ctx, input) => {
      await requireCustomer(ctx, input.customer);
      return grantLiveAccess(ctx.db, input.customer, { actor: ACTOR });
    },
  }),
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
