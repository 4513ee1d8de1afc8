/**
 * Plans, quotas and usage: what a customer pays for (plans.ts, limits.ts), what it used (metering:
 * meter.ts, tracker.ts, store.ts; the monthly quota: quota.ts) and how it is read back (queries.ts,
 * month.ts, allowance-use.ts, unusual.ts). Retention: retention.ts. Pages import reads.ts instead,
 * the read side alone.
 */
export type { CustomerTerms, Plan, PlanTerms, TermsChange, TermsChangeResult } from './plans';
export {
  DEFAULT_PLAN,
  DEFAULT_SANDBOX_RATE_LIMIT,
  MAX_MONTHLY_QUOTA,
  MAX_RATE_LIMIT,
  PLANS,
  PLAN_TERMS,
  changeTerms,
} from './plans';
export type { KeyLimits } from './limits';
export { limitsForKey } from './limits';
export type { Granularity } from './calendar';
export { GRANULARITIES, monthStart, nextMonthStart, secondsUntil } from './calendar';
export type { MeteredRequest, MinuteCount, Refusal } from './meter';
export type { QuotaDecision, QuotaScope } from './quota';
export type { UsageTracker, UsageTrackerOptions } from './tracker';
export { FLUSH_INTERVAL_MS, createUsageTracker } from './tracker';
export type { RetentionJob, RetentionResult } from './retention';
export {
  HOUR_RETENTION_MS,
  MINUTE_RETENTION_MS,
  rollUpMinutes,
  runUsageRetention,
  startUsageRetention,
} from './retention';
export type { RangeCheck, UsageCounts, UsagePoint } from './series';
export {
  addCounts,
  checkRange,
  defaultRange,
  emptyCounts,
  errorRateOf,
  fillSeries,
  withErrorRate,
} from './series';
export type { GroupSeries, KeyRate, KeyUsage, RouteUsage, UsageFilter } from './queries';
export {
  isCustomerKey,
  listKeyRates,
  usageByKey,
  usageByRoute,
  usageSeries,
  usageSeriesBy,
  usageTotals,
} from './queries';
export type { MonthQuotaUsage } from './month';
export { monthQuotaUsage } from './month';
export type { AllowanceUse, OemAllowanceUse } from './allowance-use';
export { allowanceUse } from './allowance-use';
export type { HourlyCounts, UnusualPattern } from './unusual';
export { UNUSUAL_RULE, detectUnusual, findUnusualPatterns } from './unusual';
