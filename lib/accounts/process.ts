import type { Config } from '../config';
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { getLogger } from '../log';
import type { AccountsContext } from './accounts';
import { createAuth } from './auth';
import { createMailer } from './mail';
import { createSignInLimiter } from './sign-in-limiter';

export type ProcessAccounts = AccountsContext & { config: Config };

const globalKey = Symbol.for('auth-journey.accounts');
type GlobalWithAccounts = typeof globalThis & { [globalKey]?: Promise<ProcessAccounts> };

/**
 * The process's accounts: one auth instance and one set of sign-in budgets, shared through globalThis
 * by Next's bundles (they hold their own copies of this module), built on first use.
 */
export function getProcessAccounts(): Promise<ProcessAccounts> {
  const g = globalThis as GlobalWithAccounts;
  g[globalKey] ??= (async () => {
    const config = getConfig();
    const db = await getDb();
    const log = getLogger();
    const host = new URL(config.publicBaseUrl).hostname;
    const mailer = createMailer({
      smtpUrl: config.smtpUrl,
      from: `Auth Journey <no-reply@${host}>`,
      log,
    });
    let redis;
    if (config.redisUrl) {
      const { Redis } = await import('ioredis');
      redis = new Redis(config.redisUrl, { enableOfflineQueue: false, lazyConnect: false });
      redis.on('error', () => undefined);
    }
    return {
      db,
      config,
      auth: createAuth(db, { config, mailer }),
      limiter: createSignInLimiter(undefined, { redis }),
    };
  })();
  return g[globalKey];
}
