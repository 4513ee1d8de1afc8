import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { decryptSecret } from '../crypto';
import type { DbHandle } from '../db/client';
import { sandbox } from '../db/schema';
import { openTestDb } from '../db/testing';
import type { ActionResult, JourneyScreen } from '../journey/views';
import { createApiKey } from '../keys';
import { DEMO_APP_ID, DEMO_CUSTOMER_ID, ensureDemoSeed } from '../seed';
import type { JourneyDeps } from '../journey/server';
import { launchJourney } from '../journey/server';
import { steps } from '../journey/server/test-support';
import { createWebhookEndpoint } from '../webhooks';

/**
 * "A database dump contains no plaintext secret": real journeys, API keys and webhook endpoints are
 * created through the product's own functions, then every row of every table of every schema is
 * dumped as JSON text and searched for each secret that passed through.
 */

const APP_SECRET = 'root-secret-for-the-dump-test-'.padEnd(48, 'x');
const config = parseConfig({ APP_SECRET, PUBLIC_BASE_URL: 'http://localhost:3000' });
const now = new Date('2026-11-23T10:00:00Z');

let handle: DbHandle;
let deps: JourneyDeps;
const {
  chooseAuthMethod,
  chooseDevices,
  chooseDeviceType,
  chooseOem,
  giveConsent,
  submitCredentials,
  submitMfa,
} = steps;

/** Every secret that crossed the system during the test; none may be in the dump. */
const secrets = new Map<string, string>();
const canaryPassword = 'Canary-Password-7f3a9c1e';
const canaryUsername = 'canary.user.6b2d@example.com';
const canaryOemKey = 'canary_oem_api_key_91c0e5';

beforeAll(async () => {
  handle = await openTestDb();
  deps = { db: handle.db, config, now };
});
afterAll(() => handle?.close());

function screenOf(result: ActionResult<JourneyScreen>): JourneyScreen {
  if (!result.ok) throw new Error(`step failed: ${result.code}`);
  return result.data;
}

async function launch(userId: string): Promise<string> {
  const outcome = await launchJourney(deps, { appId: DEMO_APP_ID, userId, state: 'dump-test' });
  if (!outcome.ok) throw new Error(`launch failed: ${outcome.code}`);
  return outcome.journey.screen.token;
}

/** Volta Motors, password + MFA, with one wrong password first: the full connect journey. */
async function connectWithPassword(): Promise<void> {
  let token = await launch('dump-user-password');
  token = screenOf(await chooseDeviceType(deps, token, { id: 'vehicle' })).token;
  token = screenOf(await chooseOem(deps, token, { id: 'volta' })).token;
  const wrong = await submitCredentials(deps, token, {
    username: canaryUsername,
    password: canaryPassword,
  });
  expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
  token = (wrong as { token: string }).token;
  token = screenOf(
    await submitCredentials(deps, token, { username: 'user_mfa', password: 'pass_good' }),
  ).token;
  const devices = screenOf(await submitMfa(deps, token, { code: '123456' }));
  if (devices.view.step !== 'devices') throw new Error('expected the devices step');
  token = screenOf(
    await chooseDevices(deps, devices.token, { deviceIds: devices.view.devices.map((d) => d.id) }),
  ).token;
  expect(screenOf(await giveConsent(deps, token)).view).toMatchObject({
    step: 'finished',
    outcome: 'success',
  });
}

/** Ampere Auto with an OEM API key: a wrong key first, then the sandbox's good one. */
async function connectWithOemApiKey(): Promise<void> {
  let token = await launch('dump-user-api-key');
  token = screenOf(await chooseDeviceType(deps, token, { id: 'vehicle' })).token;
  token = screenOf(await chooseOem(deps, token, { id: 'ampere' })).token;
  token = screenOf(await chooseAuthMethod(deps, token, { id: 'api_key' })).token;
  const wrong = await submitCredentials(deps, token, { apiKey: canaryOemKey });
  expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
  const devices = screenOf(
    await submitCredentials(deps, (wrong as { token: string }).token, { apiKey: 'key_good' }),
  );
  if (devices.view.step !== 'devices') throw new Error('expected the devices step');
  token = screenOf(
    await chooseDevices(deps, devices.token, { deviceIds: devices.view.devices.map((d) => d.id) }),
  ).token;
  expect(screenOf(await giveConsent(deps, token)).view).toMatchObject({
    step: 'finished',
    outcome: 'success',
  });
}

/** Every row of every table outside Postgres' own catalogs, one JSON text per row. */
async function dumpDatabase(): Promise<{ tables: string[]; text: string }> {
  // Both drivers answer `execute` with `{ rows }`; Drizzle's shared type does not say so.
  const result = (await handle.db.execute(sql`
    select table_schema, table_name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2`)) as unknown as { rows: { table_schema: string; table_name: string }[] };
  const tables: string[] = [];
  const rows: string[] = [];
  for (const { table_schema, table_name } of result.rows) {
    const name = `${table_schema}.${table_name}`;
    tables.push(name);
    const dumped = (await handle.db.execute(
      sql.raw(`select row_to_json(t)::text as row from "${table_schema}"."${table_name}" t`),
    )) as unknown as { rows: { row: string }[] };
    for (const { row } of dumped.rows) rows.push(`${name} ${row}`);
  }
  return { tables, text: rows.join('\n') };
}

describe('a database dump', () => {
  it('contains no plaintext secret after journeys, API keys and webhook endpoints were created', async () => {
    const seed = await ensureDemoSeed(handle.db, config, now);
    expect(seed.apiKey).toBeTruthy();
    expect(seed.webhookSecret).toBeTruthy();
    secrets.set('demo API key', seed.apiKey!);
    secrets.set('demo webhook secret', seed.webhookSecret!);
    const key = await createApiKey(
      handle.db,
      { customerId: DEMO_CUSTOMER_ID, environment: 'sandbox', name: 'dump' },
      now,
    );
    secrets.set('API key', key.key);
    const endpoint = await createWebhookEndpoint(
      handle.db,
      'sandbox',
      { customerId: DEMO_CUSTOMER_ID, url: 'http://127.0.0.1:9/hooks' },
      { appSecret: APP_SECRET, allowPrivate: true },
    );
    secrets.set('webhook secret', endpoint.secret);

    await connectWithPassword();
    await connectWithOemApiKey();

    // The OEM's access and refresh tokens are only knowable by decrypting what was stored.
    const credentials = await handle.db.select().from(sandbox.credentials);
    expect(credentials).toHaveLength(2);
    for (const row of credentials) {
      expect(row.secret).toMatch(/^v1\.[0-9a-f]{8}\./);
      const session = JSON.parse(decryptSecret(row.secret, APP_SECRET, row.id)) as Record<
        string,
        string
      >;
      expect(session.accessToken).toMatch(/^sbx_at_/);
      secrets.set(`OEM access token ${row.id}`, session.accessToken!);
      secrets.set(`OEM refresh token ${row.id}`, session.refreshToken!);
    }
    secrets.set('OEM password', 'pass_good');
    secrets.set('OEM password (wrong attempt)', canaryPassword);
    secrets.set('OEM username (wrong attempt)', canaryUsername);
    secrets.set('OEM API key', 'key_good');
    secrets.set('OEM API key (wrong attempt)', canaryOemKey);
    secrets.set('APP_SECRET', APP_SECRET);

    const dump = await dumpDatabase();
    // The dump really covers the data: every schema, and the rows the journeys wrote.
    expect(dump.tables).toEqual(
      expect.arrayContaining([
        'public.api_keys',
        'sandbox.credentials',
        'sandbox.journey_sessions',
        'sandbox.webhook_endpoints',
      ]),
    );
    expect(dump.text).toContain('dump-user-password');
    expect(dump.text).toContain(credentials[0]!.secret);

    for (const [what, value] of secrets) {
      expect(dump.text.includes(value), `${what} found in the dump`).toBe(false);
    }
    // Webhook secrets are also looked for without their prefix (the signing key is the base64 part).
    for (const secret of [seed.webhookSecret!, endpoint.secret]) {
      expect(dump.text).not.toContain(secret.replace(/^whsec_/, ''));
    }
  });
});
