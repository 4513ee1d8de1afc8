import type { Environment } from '../db/schema';
import type { CustomerTerms } from './plans';

export interface KeyLimits {
  /** Requests per second for this key. */
  rate: number;
  /** Requests per UTC month for the key's customer and environment; null = no quota (sandbox). */
  monthlyQuota: number | null;
}

/**
 * What applies to one key: its customer's plan terms (live) or the operator's sandbox rate and no
 * quota (sandbox), with the rate lowered to the key's own when that is lower. Pure.
 */
export function limitsForKey(input: {
  environment: Environment;
  customer: Pick<CustomerTerms, 'rateLimit' | 'monthlyQuota'>;
  keyRateLimit: number | null;
  sandboxRateLimit: number;
}): KeyLimits {
  const base =
    input.environment === 'live'
      ? { rate: input.customer.rateLimit, monthlyQuota: input.customer.monthlyQuota }
      : { rate: input.sandboxRateLimit, monthlyQuota: null };
  return {
    rate: input.keyRateLimit === null ? base.rate : Math.min(base.rate, input.keyRateLimit),
    monthlyQuota: base.monthlyQuota,
  };
}
