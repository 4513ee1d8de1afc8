import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Budgets for failed dashboard sign-ins: per account (email) and per client address, over a window.
 * Only failures spend the budget, so a person who types the right password is never slowed by their
 * own earlier success; a spent budget refuses further tries until the window ends.
 */
export interface SignInLimiter {
  /** Seconds to wait when the account's or the address's budget is spent; 0 when a try is allowed. */
  wait(email: string, address: string): Promise<number>;
  /** Spends one failure from both budgets. */
  fail(email: string, address: string): Promise<void>;
  /** A successful sign-in clears the account's failures. */
  succeed(email: string): Promise<void>;
}

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccount: 10,
  perAddress: 50,
  windowSeconds: 15 * 60,
};

export function createSignInLimiter(
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  options: { redis?: Redis } = {},
): SignInLimiter {
  const budget = (points: number, keyPrefix: string): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration: limits.windowSeconds, keyPrefix });
    return options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points,
          duration: limits.windowSeconds,
          keyPrefix,
          insuranceLimiter: memory,
        })
      : memory;
  };
  const byAccount = budget(limits.perAccount, 'aj_dash_signin_acct');
  const byAddress = budget(limits.perAddress, 'aj_dash_signin_addr');
  const norm = (email: string) => email.trim().toLowerCase();
  const spent = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  return {
    async wait(email, address) {
      const [account, addr] = await Promise.all([
        byAccount.get(norm(email)),
        byAddress.get(address),
      ]);
      return Math.max(spent(account, limits.perAccount), spent(addr, limits.perAddress));
    },
    async fail(email, address) {
      for (const [limiter, key] of [
        [byAccount, norm(email)],
        [byAddress, address],
      ] as const) {
        try {
          await limiter.consume(key);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
        }
      }
    },
    async succeed(email) {
      await byAccount.delete(norm(email));
    },
  };
}
