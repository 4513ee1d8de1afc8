/**
 * Plans and the limits they give a key (docs/usage.md). A customer's plan sets the rate of each of its
 * live keys (requests per second) and the monthly quota of its live environment (requests per UTC
 * calendar month, all live keys together). Sandbox keys get the operator's SANDBOX_RATE_LIMIT and no
 * quota. Any key may carry a lower rate of its own; the lower of the two applies. Pure: no I/O.
 */

import type { Plan } from '../vocabulary';
import { PLAN_TERMS } from '../vocabulary';

export { DEFAULT_PLAN, PLAN_TERMS, PLANS } from '../vocabulary';
export type { Plan, PlanTerms } from '../vocabulary';

/** Requests per second per sandbox key unless the operator sets SANDBOX_RATE_LIMIT. */
export const DEFAULT_SANDBOX_RATE_LIMIT = 25;
/**
 * Bounds on what an operator can set: far beyond any plan, and small enough that an hour of one key
 * at full rate fits the usage tables' 32-bit counters.
 */
export const MAX_RATE_LIMIT = 100_000;
export const MAX_MONTHLY_QUOTA = 1_000_000_000_000;

export interface CustomerTerms {
  plan: Plan;
  rateLimit: number;
  monthlyQuota: number;
}

export interface TermsChange {
  plan?: Plan;
  rateLimit?: number;
  monthlyQuota?: number;
}

export type TermsChangeResult =
  | { ok: true; terms: CustomerTerms }
  | { ok: false; field: 'plan' | 'rateLimit' | 'monthlyQuota'; reason: string };

/**
 * A customer's terms after a change. Choosing Starter or Pro applies that plan's published rate and
 * quota, unless `rateLimit` / `monthlyQuota` are given too (custom terms on that plan). Choosing
 * Enterprise needs both, unless the customer is already on Enterprise (its terms are kept). Without a
 * plan, `rateLimit` / `monthlyQuota` change the current terms alone.
 */
export function changeTerms(current: CustomerTerms, change: TermsChange): TermsChangeResult {
  const plan = change.plan ?? current.plan;
  let base: Pick<CustomerTerms, 'rateLimit' | 'monthlyQuota'> | undefined = current;
  if (change.plan !== undefined && change.plan !== current.plan) {
    base = change.plan === 'enterprise' ? undefined : PLAN_TERMS[change.plan];
  } else if (change.plan !== undefined && change.plan !== 'enterprise') {
    base = PLAN_TERMS[change.plan];
  }
  const rateLimit = change.rateLimit ?? base?.rateLimit;
  const monthlyQuota = change.monthlyQuota ?? base?.monthlyQuota;
  if (rateLimit === undefined) {
    return { ok: false, field: 'rateLimit', reason: 'is required for the enterprise plan' };
  }
  if (monthlyQuota === undefined) {
    return { ok: false, field: 'monthlyQuota', reason: 'is required for the enterprise plan' };
  }
  return { ok: true, terms: { plan, rateLimit, monthlyQuota } };
}
