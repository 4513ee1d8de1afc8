import { isAPIError } from 'better-auth/api';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../accounts/accounts';
import type { Auth } from '../accounts/auth';
import { invitationUrl } from '../accounts/auth';
import { memberActor, recordDashboardAudit } from '../accounts/audit';
import { authorize, forbidden } from '../accounts/guard';
import type { Failure } from '../accounts/result';
import { failure } from '../accounts/result';
import type { Capability } from '../accounts/roles';
import { authMembers } from '../accounts/tables';
import type { Config } from '../config';
import { NotFoundError, ValidationError, createCustomerApp, updateCustomerApp } from '../customers';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { apiKeys, customers } from '../db/schema';
import { disconnectCredentialForDevice } from '../devices/disconnect';
import { InvalidKeyInputError, createApiKey, revokeApiKey } from '../keys';
import {
  WebhookUrlError,
  addWebhookSecret,
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  removeWebhookSecret,
  replayEvent,
  sendTestEvent,
} from '../webhooks';
import {
  changeRoleSchema,
  createAppSchema,
  createEndpointSchema,
  createKeySchema,
  disconnectDeviceSchema,
  endpointSchema,
  inviteSchema,
  liveAccessSchema,
  removeMemberSchema,
  replaySchema,
  revokeKeySchema,
  updateAppSchema,
  originList,
} from './schemas';

/**
 * Every change a member can make in the dashboard, in one table: what it needs (a capability of the
 * member's role), its input schema, and the domain call it makes. The server actions of app/dashboard
 * only ever call `runDashboardMutation`, so the role guard and validation cannot be skipped.
 */

export interface MutationContext {
  db: Db;
  auth: Auth;
  config: Pick<Config, 'appSecret' | 'publicBaseUrl' | 'webhookAllowPrivate'>;
  /** The member's request headers (their session), for the accounts library's own calls. */
  headers: Headers;
  now: Date;
}

type Data = Record<string, unknown>;

interface MutationSpec<S extends z.ZodType> {
  capability: Capability;
  input: S;
  run(ctx: MutationContext, actor: Actor, input: z.output<S>): Promise<Data | Failure>;
}

function mutation<S extends z.ZodType>(spec: MutationSpec<S>): MutationSpec<S> {
  return spec;
}

const notFound = (what: string) =>
  failure('NOT_FOUND', `No such ${what} in your company.`, undefined, 404);

/**
 * A change to one webhook endpoint that either happens or finds nothing to change: the same
 * capability, input, audit entry and empty answer for each.
 */
function endpointChange(
  change: (
    db: Db,
    environment: Environment,
    customerId: string,
    endpointId: string,
  ) => Promise<boolean>,
  missing: string,
  action: string,
) {
  return mutation({
    capability: 'webhooks:manage',
    input: endpointSchema,
    async run(ctx, actor, input) {
      const changed = await change(ctx.db, input.environment, actor.customerId, input.endpointId);
      if (!changed) return notFound(missing);
      await audit(ctx, actor, action, input.endpointId, input.environment);
      return {};
    },
  });
}

export const DASHBOARD_MUTATIONS = {
  'key.create': mutation({
    capability: 'keys:manage',
    input: createKeySchema,
    async run(ctx, actor, input) {
      const created = await createApiKey(
        ctx.db,
        {
          customerId: actor.customerId,
          environment: input.environment,
          name: input.name,
          permissions: input.permissions,
          expiresAt: input.expires ? new Date(`${input.expires}T23:59:59.999Z`) : undefined,
          actor: memberActor(actor.email),
        },
        ctx.now,
      );
      return { keyId: created.keyId, key: created.key };
    },
  }),
  'key.revoke': mutation({
    capability: 'keys:manage',
    input: revokeKeySchema,
    async run(ctx, actor, input) {
      const [key] = await ctx.db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.customerId, actor.customerId)));
      if (!key) return notFound('key');
      await revokeApiKey(ctx.db, key.id, ctx.now, memberActor(actor.email));
      return { keyId: key.id };
    },
  }),
  'app.create': mutation({
    capability: 'apps:manage',
    input: createAppSchema,
    async run(ctx, actor, input) {
      return createCustomerApp(
        ctx.db,
        {
          customerId: actor.customerId,
          appName: input.appName,
          redirectUrl: input.redirectUrl,
          reconnectRedirectUrl: input.reconnectRedirectUrl,
          ...(input.logoUrl ? { logoUrl: input.logoUrl } : {}),
          ...(input.primaryColor ? { primaryColor: input.primaryColor } : {}),
          allowedOrigins: originList(input.allowedOrigins),
          ...(input.oems.length > 0 ? { supportedOems: input.oems } : {}),
        },
        { actor: memberActor(actor.email) },
      );
    },
  }),
  'app.update': mutation({
    capability: 'apps:manage',
    input: updateAppSchema,
    async run(ctx, actor, input) {
      return updateCustomerApp(
        ctx.db,
        {
          appId: input.appId,
          customerId: actor.customerId,
          appName: input.appName,
          redirectUrl: input.redirectUrl,
          reconnectRedirectUrl: input.reconnectRedirectUrl,
          logoUrl: input.logoUrl ?? null,
          primaryColor: input.primaryColor ?? null,
          allowedOrigins: originList(input.allowedOrigins),
          supportedOems: input.oems.length > 0 ? input.oems : null,
        },
        { actor: memberActor(actor.email) },
      );
    },
  }),
  'webhook.create': mutation({
    capability: 'webhooks:manage',
    input: createEndpointSchema,
    async run(ctx, actor, input) {
      const created = await createWebhookEndpoint(
        ctx.db,
        input.environment,
        { customerId: actor.customerId, url: input.url },
        { appSecret: ctx.config.appSecret, allowPrivate: ctx.config.webhookAllowPrivate },
      );
      await audit(ctx, actor, 'webhook.endpoint_created', created.endpointId, input.environment, {
        url: input.url,
      });
      return created;
    },
  }),
  'webhook.test': mutation({
    capability: 'webhooks:manage',
    input: endpointSchema,
    async run(ctx, actor, input) {
      const sent = await sendTestEvent(
        ctx.db,
        input.environment,
        actor.customerId,
        input.endpointId,
        ctx.now,
      );
      if (!sent) return notFound('enabled endpoint');
      await audit(ctx, actor, 'webhook.test_sent', input.endpointId, input.environment, {
        eventId: sent.eventId,
      });
      return sent;
    },
  }),
  'webhook.rotate': mutation({
    capability: 'webhooks:manage',
    input: endpointSchema,
    async run(ctx, actor, input) {
      const rotated = await addWebhookSecret(
        ctx.db,
        input.environment,
        actor.customerId,
        input.endpointId,
        {
          appSecret: ctx.config.appSecret,
        },
      );
      if (!rotated.ok) {
        return rotated.code === 'ENDPOINT_NOT_FOUND'
          ? notFound('endpoint')
          : failure(
              'ROTATION_IN_PROGRESS',
              'A rotation is already under way: finish it first.',
              undefined,
              409,
            );
      }
      await audit(
        ctx,
        actor,
        'webhook.secret_rotation_started',
        input.endpointId,
        input.environment,
      );
      return { secret: rotated.secret };
    },
  }),
  'webhook.finishRotation': endpointChange(
    (db, environment, customerId, endpointId) =>
      removeWebhookSecret(db, environment, customerId, endpointId, 'old'),
    'rotation under way',
    'webhook.secret_rotated',
  ),
  'webhook.disable': endpointChange(
    (db, environment, customerId, endpointId) =>
      disableWebhookEndpoint(db, environment, customerId, endpointId),
    'endpoint',
    'webhook.endpoint_disabled',
  ),
  'webhook.enable': endpointChange(enableWebhookEndpoint, 'endpoint', 'webhook.endpoint_enabled'),
  'webhook.replay': mutation({
    capability: 'webhooks:manage',
    input: replaySchema,
    async run(ctx, actor, input) {
      const replayed = await replayEvent(
        ctx.db,
        input.environment,
        actor.customerId,
        input.eventId,
        ctx.now,
      );
      if (!replayed) return notFound('event');
      await audit(ctx, actor, 'webhook.event_replayed', input.eventId, input.environment, replayed);
      return replayed;
    },
  }),
  'device.disconnect': mutation({
    capability: 'devices:manage',
    input: disconnectDeviceSchema,
    async run(ctx, actor, input) {
      const result = await disconnectCredentialForDevice(
        ctx.db,
        'sandbox',
        actor.customerId,
        input.deviceId,
        {
          reason: 'disconnected from the dashboard',
          now: ctx.now,
          config: ctx.config,
        },
      );
      if (!result) return notFound('sandbox device');
      await audit(ctx, actor, 'device.disconnected', input.deviceId, 'sandbox', {
        deviceIds: result.deviceIds,
      });
      return { deviceIds: result.deviceIds };
    },
  }),
  'team.invite': mutation({
    capability: 'team:manage',
    input: inviteSchema,
    async run(ctx, actor, input) {
      const invitation = await ctx.auth.api.createInvitation({
        body: {
          email: input.email.toLowerCase(),
          role: input.role,
          organizationId: actor.organizationId,
        },
        headers: ctx.headers,
      });
      await audit(ctx, actor, 'member.invited', invitation.id, null, {
        email: input.email,
        role: input.role,
      });
      return { inviteLink: invitationUrl(ctx.config.publicBaseUrl, invitation.id) };
    },
  }),
  'team.changeRole': mutation({
    capability: 'team:manage',
    input: changeRoleSchema,
    async run(ctx, actor, input) {
      const target = await memberOf(ctx.db, actor, input.memberId);
      if (!target) return notFound('member');
      if (target.role === 'owner' || target.id === actor.memberId) {
        return forbidden('The Owner keeps their role, and nobody changes their own.');
      }
      await ctx.auth.api.updateMemberRole({
        body: { memberId: target.id, role: input.role, organizationId: actor.organizationId },
        headers: ctx.headers,
      });
      await audit(ctx, actor, 'member.role_changed', target.id, null, {
        from: target.role,
        to: input.role,
      });
      return {};
    },
  }),
  'team.remove': mutation({
    capability: 'team:manage',
    input: removeMemberSchema,
    async run(ctx, actor, input) {
      const target = await memberOf(ctx.db, actor, input.memberId);
      if (!target) return notFound('member');
      if (target.role === 'owner' || target.id === actor.memberId) {
        return forbidden('The Owner cannot be removed, and nobody removes themselves here.');
      }
      await ctx.auth.api.removeMember({
        body: { memberIdOrEmail: target.id, organizationId: actor.organizationId },
        headers: ctx.headers,
      });
      await audit(ctx, actor, 'member.removed', target.id, null, { role: target.role });
      return {};
    },
  }),
  'live.request': mutation({
    capability: 'live:request',
    input: liveAccessSchema,
    async run(ctx, actor) {
      const [customer] = await ctx.db
        .select({ liveEnabled: customers.liveEnabled })
        .from(customers)
        .where(eq(customers.id, actor.customerId));
      if (customer?.liveEnabled)
        return failure('ALREADY_LIVE', 'Live access is already enabled.', undefined, 409);
      await audit(ctx, actor, 'live_access.requested', actor.customerId, 'live');
      return {};
    },
  }),
} satisfies Record<string, MutationSpec<z.ZodType>>;

export type DashboardMutationName = keyof typeof DASHBOARD_MUTATIONS;
export const DASHBOARD_MUTATION_NAMES = Object.keys(DASHBOARD_MUTATIONS) as DashboardMutationName[];

export type MutationResult = ({ ok: true } & Data) | Failure;

/**
 * Runs one dashboard mutation for a member: the role guard first (403 + audit), then the input
 * schema, then the domain call. Domain errors come back as codes with a message a person can act on.
 */
export async function runDashboardMutation(
  ctx: MutationContext,
  actor: Actor,
  name: DashboardMutationName,
  rawInput: unknown,
): Promise<MutationResult> {
  const spec = DASHBOARD_MUTATIONS[name] as MutationSpec<z.ZodType>;
  const refused = await authorize(ctx.db, actor, spec.capability, name);
  if (refused) return refused;
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String)[0] ?? 'form';
      fieldErrors[field] ??= issue.message;
    }
    return failure('VALIDATION_ERROR', 'Check the highlighted fields.', fieldErrors);
  }
  try {
    const result = await spec.run(ctx, actor, parsed.data);
    return 'ok' in result && result.ok === false ? (result as Failure) : { ok: true, ...result };
  } catch (error) {
    return describeError(error);
  }
}

const FIELD_OF: Record<string, string> = { supportedOems: 'oems' };

function describeError(error: unknown): Failure {
  if (error instanceof ValidationError) {
    const field = error.field.split('.')[0] ?? 'form';
    return failure('VALIDATION_ERROR', error.message, { [FIELD_OF[field] ?? field]: error.reason });
  }
  if (error instanceof WebhookUrlError) {
    return failure('VALIDATION_ERROR', error.message, { url: error.message });
  }
  if (error instanceof InvalidKeyInputError) return failure('VALIDATION_ERROR', error.message);
  if (error instanceof NotFoundError) return failure('NOT_FOUND', error.message, undefined, 404);
  if (isAPIError(error)) {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 400;
    return failure('REFUSED', error.message || 'The request was refused.', undefined, status);
  }
  throw error;
}

async function audit(
  ctx: MutationContext,
  actor: Actor,
  action: string,
  subjectId: string,
  environment: 'sandbox' | 'live' | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordDashboardAudit(ctx.db, {
    customerId: actor.customerId,
    actor: memberActor(actor.email),
    action,
    subjectId,
    environment,
    details,
    at: ctx.now,
  });
}

async function memberOf(db: Db, actor: Actor, memberId: string) {
  const [row] = await db
    .select({ id: authMembers.id, role: authMembers.role })
    .from(authMembers)
    .where(and(eq(authMembers.id, memberId), eq(authMembers.organizationId, actor.organizationId)));
  return row;
}
