import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createCustomerApp } from '../customers';
import type { DbHandle } from '../db/client';
import { tablesFor } from '../db/schema';
import { openTestDb } from '../db/testing';
import { signLaunchToken, signReconnectToken } from '../tokens';
import { embedTargetsFor, isJourneyDocumentRequest } from './frame-ancestors';

const SECRET = 's'.repeat(40);
const NOW = new Date('2026-11-30T12:00:00Z');
const ORIGINS = ['https://app.example.com', 'http://localhost:5173'];

let handle: DbHandle;
let appId: string;
let plainAppId: string;
let customerId: string;
beforeAll(async () => {
  handle = await openTestDb();
  ({ customerId } = await createCustomer(handle.db, { name: 'Embedder', liveEnabled: true }));
  const app = (allowedOrigins?: string[]) =>
    createCustomerApp(handle.db, {
      customerId,
      appName: 'Embedded',
      redirectUrl: 'https://app.example.com/done',
      reconnectRedirectUrl: 'https://app.example.com/again',
      allowedOrigins,
    });
  appId = (await app(ORIGINS)).appId;
  plainAppId = (await app()).appId;
});
afterAll(() => handle.close());

const lookup = () => ({ db: handle.db, appSecret: SECRET, now: NOW });
const at = async (path: string) =>
  (await embedTargetsFor(new URL(path, 'http://x'), lookup())).frameAncestors;

describe('frame-ancestors of journey pages', () => {
  it('an unsigned sandbox launch: the app’s allowed origins, loopback included', async () => {
    expect(await at(`/journey?appId=${appId}&userId=u`)).toEqual(ORIGINS);
    expect(await at(`/journey?appId=${appId}&userId=u&environment=sandbox`)).toEqual(ORIGINS);
  });

  it('none for an app that allows none, an unknown or malformed app, or an unsigned live launch', async () => {
    expect(await at(`/journey?appId=${plainAppId}&userId=u`)).toEqual([]);
    expect(await at('/journey?appId=app_nope&userId=u')).toEqual([]);
    expect(await at('/journey?appId=app%20x;drop&userId=u')).toEqual([]);
    expect(await at(`/journey?appId=${appId}&userId=u&environment=live`)).toEqual([]);
    expect(await at('/journey')).toEqual([]);
  });

  it('a signed live launch: https origins only; a forged or expired one: none', async () => {
    const { token: live } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live' },
      SECRET,
      NOW,
    );
    expect(await at(`/journey?launch=${live}`)).toEqual(['https://app.example.com']);
    const { token: sandbox } = await signLaunchToken(
      { appId, userId: 'u', environment: 'sandbox' },
      SECRET,
      NOW,
    );
    expect(await at(`/journey?launch=${sandbox}`)).toEqual(ORIGINS);
    const { token: forged } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live' },
      'f'.repeat(40),
      NOW,
    );
    expect(await at(`/journey?launch=${forged}`)).toEqual([]);
    const { token: old } = await signLaunchToken(
      { appId, userId: 'u', environment: 'live' },
      SECRET,
      new Date(NOW.getTime() - 60 * 60_000),
    );
    expect(await at(`/journey?launch=${old}`)).toEqual([]);
  });

  it('a reconnection link: the origins of the app its credential was connected through', async () => {
    const t = tablesFor('sandbox');
    await handle.db.insert(t.endUsers).values({ id: 'eu_embed', customerId, userId: 'u' });
    await handle.db.insert(t.credentials).values({
      id: 'cred_embed',
      customerId,
      endUserId: 'eu_embed',
      appId,
      oem: 'volta',
      authMethod: 'password',
      accountRef: 'ref',
      secret: 'sealed',
    });
    await handle.db.insert(t.reconnectionLinks).values({
      id: 'rl_embed',
      credentialId: 'cred_embed',
      expiresAt: new Date(NOW.getTime() + 60_000),
    });
    const { token } = await signReconnectToken(
      { jti: 'rl_embed', cred: 'cred_embed', env: 'sandbox' },
      SECRET,
      NOW,
    );
    expect(await at(`/journey/reconnect?token=${token}`)).toEqual(ORIGINS);
    expect(await at('/journey/reconnect?token=nope')).toEqual([]);
  });

  it('messages go to the allowed origins and the origin the journey returns to', async () => {
    const url = (path: string) => new URL(path, 'http://x');
    expect(await embedTargetsFor(url(`/journey?appId=${plainAppId}&userId=u`), lookup())).toEqual({
      frameAncestors: [],
      messageOrigins: ['https://app.example.com'],
    });
    expect(await embedTargetsFor(url(`/journey?appId=${appId}&userId=u`), lookup())).toEqual({
      frameAncestors: ORIGINS,
      messageOrigins: ORIGINS,
    });
    expect(await embedTargetsFor(url('/journey?appId=app_nope&userId=u'), lookup())).toEqual({
      frameAncestors: [],
      messageOrigins: [],
    });
  });

  it('only journey documents are ever framed', () => {
    expect(isJourneyDocumentRequest('GET', '/journey')).toBe(true);
    expect(isJourneyDocumentRequest('HEAD', '/journey/reconnect')).toBe(true);
    expect(isJourneyDocumentRequest('POST', '/journey')).toBe(false);
    expect(isJourneyDocumentRequest('GET', '/')).toBe(false);
    expect(isJourneyDocumentRequest('GET', '/journey/other')).toBe(false);
  });
});
