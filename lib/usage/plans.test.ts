import { describe, expect, it } from 'vitest';
import { limitsForKey } from './limits';
import type { CustomerTerms } from './plans';
import { DEFAULT_PLAN, DEFAULT_SANDBOX_RATE_LIMIT, PLAN_TERMS, changeTerms } from './plans';

describe('plans', () => {
  it('publishes Starter at 10/s and 100,000 a month, Pro at 100/s and 1,000,000', () => {
    expect(PLAN_TERMS).toEqual({
      starter: { rateLimit: 10, monthlyQuota: 100_000 },
      pro: { rateLimit: 100, monthlyQuota: 1_000_000 },
    });
    expect(DEFAULT_PLAN).toBe('starter');
    expect(DEFAULT_SANDBOX_RATE_LIMIT).toBe(25);
  });
});

describe('changeTerms', () => {
  const starter: CustomerTerms = { plan: 'starter', rateLimit: 10, monthlyQuota: 100_000 };
  const enterprise: CustomerTerms = { plan: 'enterprise', rateLimit: 700, monthlyQuota: 9e7 };

  it('applies the published terms of Starter and Pro', () => {
    expect(changeTerms(starter, { plan: 'pro' })).toEqual({
      ok: true,
      terms: { plan: 'pro', rateLimit: 100, monthlyQuota: 1_000_000 },
    });
    expect(changeTerms(enterprise, { plan: 'starter' })).toEqual({ ok: true, terms: starter });
    // Choosing the current plan again restores its published terms.
    expect(
      changeTerms({ plan: 'pro', rateLimit: 55, monthlyQuota: 5 }, { plan: 'pro' }),
    ).toMatchObject({ terms: { rateLimit: 100, monthlyQuota: 1_000_000 } });
  });

  it('takes custom terms given with a plan, or alone on the current plan', () => {
    expect(changeTerms(starter, { plan: 'pro', monthlyQuota: 3_000_000 })).toEqual({
      ok: true,
      terms: { plan: 'pro', rateLimit: 100, monthlyQuota: 3_000_000 },
    });
    expect(changeTerms(starter, { rateLimit: 20 })).toEqual({
      ok: true,
      terms: { plan: 'starter', rateLimit: 20, monthlyQuota: 100_000 },
    });
  });

  it('needs both terms to move to Enterprise, and keeps them on Enterprise', () => {
    expect(changeTerms(starter, { plan: 'enterprise' })).toEqual({
      ok: false,
      field: 'rateLimit',
      reason: 'is required for the enterprise plan',
    });
    expect(changeTerms(starter, { plan: 'enterprise', rateLimit: 500 })).toEqual({
      ok: false,
      field: 'monthlyQuota',
      reason: 'is required for the enterprise plan',
    });
    expect(changeTerms(starter, { plan: 'enterprise', rateLimit: 500, monthlyQuota: 1e8 })).toEqual(
      { ok: true, terms: { plan: 'enterprise', rateLimit: 500, monthlyQuota: 1e8 } },
    );
    expect(changeTerms(enterprise, { plan: 'enterprise' })).toEqual({
      ok: true,
      terms: enterprise,
    });
    expect(changeTerms(enterprise, { monthlyQuota: 1e9 })).toMatchObject({
      terms: { plan: 'enterprise', rateLimit: 700, monthlyQuota: 1e9 },
    });
  });
});

describe('limitsForKey', () => {
  const customer = { rateLimit: 10, monthlyQuota: 100_000 };

  it("gives live keys their plan's rate and quota, sandbox keys the sandbox rate and no quota", () => {
    expect(
      limitsForKey({ environment: 'live', customer, keyRateLimit: null, sandboxRateLimit: 25 }),
    ).toEqual({ rate: 10, monthlyQuota: 100_000 });
    expect(
      limitsForKey({ environment: 'sandbox', customer, keyRateLimit: null, sandboxRateLimit: 25 }),
    ).toEqual({ rate: 25, monthlyQuota: null });
  });

  it("applies the key's own rate only when it is lower", () => {
    const live = { environment: 'live' as const, customer, sandboxRateLimit: 25 };
    expect(limitsForKey({ ...live, keyRateLimit: 4 }).rate).toBe(4);
    expect(limitsForKey({ ...live, keyRateLimit: 40 }).rate).toBe(10);
    const sandbox = { environment: 'sandbox' as const, customer, sandboxRateLimit: 25 };
    expect(limitsForKey({ ...sandbox, keyRateLimit: 4 }).rate).toBe(4);
    expect(limitsForKey({ ...sandbox, keyRateLimit: 40 }).rate).toBe(25);
  });
});
