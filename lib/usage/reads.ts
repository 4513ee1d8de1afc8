/**
 * The read side of usage, for the dashboard's usage page: everything it shows, without the metering
 * and quota machinery (which brings Redis clients a page has no use for). Import from here in app/.
 */
export type { Granularity } from './calendar';
export { GRANULARITIES } from './calendar';
export type { RangeCheck, UsageCounts, UsagePoint } from './series';
export { checkRange, defaultRange, errorRateOf } from './series';
export type { GroupSeries, KeyRate, KeyUsage, RouteUsage, UsageFilter } from './queries';
export {
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
export type { UnusualPattern } from './unusual';
export { UNUSUAL_RULE, findUnusualPatterns } from './unusual';
export type { CustomerTerms, Plan } from './plans';
export { PLANS, PLAN_TERMS } from './plans';
export type { KeyLimits } from './limits';
export { limitsForKey } from './limits';
