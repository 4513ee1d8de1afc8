import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../accounts/test-support';
import { accountsContext, addTestMember, signUpTestCompany } from '../accounts/test-support';
import { roleAllows } from '../accounts/roles';
import type { Role } from '../accounts/roles';
import type { DbHandle } from '../db/client';
import { apiKeys, auditLog, customerApps, tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import { createApiKey } from '../keys';
import { createWebhookEndpoint, sendTestEvent } from '../webhooks';
import type { DashboardMutationName, MutationContext } from './mutations';
import { DASHBOARD_MUTATIONS, DASHBOARD_MUTATION_NAMES, runDashboardMutation } from './mutations';

/**
 * Every dashboard mutation for every role: allowed (and done) or 403 with an audit entry and nothing
 * changed. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */

let handle: DbHandle;
let ctx: ReturnType<typeof accountsContext>;
const members = {} as Record<Role, Member>;
let other: Member;

beforeAll(async () => {
  handle = await openTestDb();
  ctx = accountsContext(handle);
  members.owner = await signUpTestCompany(ctx, 'Matrix Co');
  for (const role of ['admin', 'developer', 'viewer'] as const) {
    members[role] = await addTestMember(ctx, members.owner, role);
  }
  other = await signUpTestCompany(ctx, 'Other Co');
});
afterAll(() => handle.close());

function mctx(member: Member): MutationContext {
  return {
    db: handle.db,
    auth: ctx.auth,
    config: ctx.config as MutationContext['config'],
    headers: member.headers,
    now: new Date(),
  };
}

const config = () => ({ appSecret: ctx.appSecret, allowPrivate: true });

/** A fresh, valid input for each mutation, set up by the Owner. */
async function inputFor(name: DashboardMutationName): Promise<unknown> {
  const customerId = members.owner.actor.customerId;
  // Each case gets a fresh endpoint; earlier cases' are retired, as a customer would under the
  // per-environment endpoint cap.
  const endpoint = async () => {
    const t = tablesFor('sandbox').webhookEndpoints;
    await handle.db
      .update(t)
      .set({ deletedAt: new Date() })
      .where(and(eq(t.customerId, customerId), isNull(t.deletedAt)));
    return createWebhookEndpoint(
      handle.db,
      'sandbox',
      { customerId, url: 'http://127.0.0.1:9/hook' },
      config(),
    );
  };
  switch (name) {
    case 'key.create':
      return { name: 'CI key', environment: 'sandbox', permissions: ['devices:read'] };
    case 'key.revoke':
      return {
        keyId: (await createApiKey(handle.db, { customerId, environment: 'sandbox' })).keyId,
      };
    case 'app.create':
      return {
        appName: 'New app',
        redirectUrl: 'https://app.example/cb',
        reconnectRedirectUrl: 'https://app.example/re',
        oems: ['volta'],
      };
    case 'app.update': {
      const [app] = await handle.db
        .select()
        .from(customerApps)
        .where(eq(customerApps.customerId, customerId));
      return {
        appId: app?.id,
        appName: 'Renamed',
        redirectUrl: 'https://app.example/cb',
        reconnectRedirectUrl: 'https://app.example/re',
        oems: [],
      };
    }
    case 'webhook.create':
      return { environment: 'sandbox', url: 'http://127.0.0.1:9/new' };
    case 'webhook.test':
    case 'webhook.rotate':
    case 'webhook.disable':
      return { environment: 'sandbox', endpointId: (await endpoint()).endpointId };
    case 'webhook.enable':
    case 'webhook.finishRotation': {
      const { endpointId } = await endpoint();
      const setup = name === 'webhook.enable' ? 'webhook.disable' : 'webhook.rotate';
      await runDashboardMutation(mctx(members.owner), members.owner.actor, setup, {
        environment: 'sandbox',
        endpointId,
      });
      return { environment: 'sandbox', endpointId };
    }
    case 'webhook.replay': {
      const { endpointId } = await endpoint();
      const sent = await sendTestEvent(handle.db, 'sandbox', customerId, endpointId);
      return { environment: 'sandbox', eventId: sent?.eventId };
    }
    case 'device.disconnect':
      // No device yet: an allowed role gets NOT_FOUND, a refused one 403 (the guard runs first).
      return { deviceId: 'dev_missing' };
    case 'team.invite':
      return {
        email: `invitee.${Math.random().toString(36).slice(2)}@example.com`,
        role: 'viewer',
      };
    case 'team.changeRole':
    case 'team.remove': {
      const target = await addTestMember(ctx, members.owner, 'viewer');
      return { memberId: target.actor.memberId, role: 'developer' };
    }
    case 'live.request':
      return {};
  }
}

async function auditCount(customerId: string): Promise<number> {
  return (await handle.db.select().from(auditLog).where(eq(auditLog.customerId, customerId)))
    .length;
}

describe('role × mutation matrix', () => {
  for (const name of DASHBOARD_MUTATION_NAMES) {
    for (const role of ['owner', 'admin', 'developer', 'viewer'] as const) {
      const allowed = roleAllows(role, DASHBOARD_MUTATIONS[name].capability);
      it(`${name} by ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
        const member = members[role];
        const input = await inputFor(name);
        const before = await auditCount(member.actor.customerId);
        const result = await runDashboardMutation(mctx(member), member.actor, name, input);
        if (allowed) {
          if (name === 'device.disconnect')
            expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
          else expect(result).toMatchObject({ ok: true });
        } else {
          expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN', status: 403 });
          // Exactly one new audit row: the refusal; the mutation itself changed nothing.
          const rows = await handle.db
            .select()
            .from(auditLog)
            .where(
              and(
                eq(auditLog.customerId, member.actor.customerId),
                eq(auditLog.action, 'dashboard.refused'),
              ),
            );
          expect(rows.some((r) => r.details.mutation === name && r.details.role === role)).toBe(
            true,
          );
          expect(await auditCount(member.actor.customerId)).toBe(before + 1);
        }
      });
    }
  }
});

describe('company isolation', () => {
  it("a member cannot revoke another company's key", async () => {
    const { keyId } = await createApiKey(handle.db, {
      customerId: members.owner.actor.customerId,
      environment: 'sandbox',
    });
    const result = await runDashboardMutation(mctx(other), other.actor, 'key.revoke', { keyId });
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(key?.revokedAt).toBeNull();
  });

  it("a member cannot edit another company's app", async () => {
    const [app] = await handle.db
      .select()
      .from(customerApps)
      .where(eq(customerApps.customerId, members.owner.actor.customerId));
    const result = await runDashboardMutation(mctx(other), other.actor, 'app.update', {
      appId: app?.id,
      appName: 'Hijacked',
      redirectUrl: 'https://evil.example/',
      reconnectRedirectUrl: 'https://evil.example/',
      oems: [],
    });
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('an Admin cannot change the Owner’s role', async () => {
    const result = await runDashboardMutation(
      mctx(members.admin),
      members.admin.actor,
      'team.changeRole',
      {
        memberId: members.owner.actor.memberId,
        role: 'viewer',
      },
    );
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('validation', () => {
  it('names the field in error', async () => {
    const result = await runDashboardMutation(
      mctx(members.owner),
      members.owner.actor,
      'key.create',
      { name: '', environment: 'sandbox', permissions: [] },
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'VALIDATION_ERROR',
      fieldErrors: { name: expect.any(String), permissions: expect.any(String) },
    });
  });

  it('an app form sets a brand colour and embedding origins; a low-contrast colour is refused with its ratio', async () => {
    const fields = {
      appName: 'Branded',
      redirectUrl: 'https://brand.example/done',
      reconnectRedirectUrl: 'https://brand.example/again',
      oems: [],
    };
    const refused = await runDashboardMutation(
      mctx(members.owner),
      members.owner.actor,
      'app.create',
      {
        ...fields,
        primaryColor: '#7dd3fc',
      },
    );
    expect(refused).toMatchObject({
      ok: false,
      code: 'VALIDATION_ERROR',
      fieldErrors: { primaryColor: expect.stringContaining('1.66:1') },
    });
    const created = await runDashboardMutation(
      mctx(members.owner),
      members.owner.actor,
      'app.create',
      {
        ...fields,
        primaryColor: '#0f766e',
        allowedOrigins: 'https://brand.example, https://www.brand.example',
      },
    );
    expect(created).toMatchObject({ ok: true });
    const [app] = await handle.db
      .select()
      .from(customerApps)
      .where(eq(customerApps.appName, 'Branded'));
    expect(app).toMatchObject({
      primaryColor: '#0f766e',
      allowedOrigins: ['https://brand.example', 'https://www.brand.example'],
    });
    const wildcard = await runDashboardMutation(
      mctx(members.owner),
      members.owner.actor,
      'app.update',
      {
        ...fields,
        appId: app?.id,
        allowedOrigins: 'https://*.brand.example',
      },
    );
    expect(wildcard).toMatchObject({
      ok: false,
      fieldErrors: { allowedOrigins: expect.stringContaining('wildcards') },
    });
  });

  it('shows a created key once and stores only its hash', async () => {
    const result = await runDashboardMutation(
      mctx(members.owner),
      members.owner.actor,
      'key.create',
      { name: 'Once', environment: 'sandbox', permissions: ['devices:read'] },
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.key).toMatch(/^amps_sk_test_/);
    const [row] = await handle.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, String(result.keyId)));
    expect(JSON.stringify(row)).not.toContain(String(result.key));
  });
});
