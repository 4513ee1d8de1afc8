import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { HOUR_MS, bucketStart } from './calendar';
import { usageSeriesBy } from './queries';
import { byText } from './series';

/**
 * "Unusual patterns": a key's hour that stands far above the key's own recent past. The rule, as the
 * usage page explains it:
 *
 * - baseline: the key's hourly average over the 7 days (168 hours) before the hour, counting hours
 *   without requests as zero, or over its whole history when that is shorter; a key needs 24 hours
 *   of history before it has a baseline;
 * - volume: the hour has at least 100 requests and at least 3× the baseline;
 * - error rate: the hour has at least 20 requests and an error rate (4xx and 5xx) at least 25
 *   percentage points above the baseline's.
 *
 * Pure apart from `findUnusualPatterns`, which reads the hourly series and applies the rule.
 */

export const UNUSUAL_RULE = {
  baselineHours: 168,
  minHistoryHours: 24,
  volumeFactor: 3,
  minVolume: 100,
  errorRateJump: 0.25,
  minRequestsForErrorRate: 20,
} as const;

export interface HourlyCounts {
  /** Start of the UTC hour. */
  start: Date;
  requests: number;
  /** 4xx and 5xx answers. */
  errors: number;
}

export interface UnusualPattern {
  keyId: string;
  kind: 'volume' | 'error_rate';
  /** Start of the flagged hour (UTC). */
  hour: Date;
  /** Requests in the hour (volume) or its error rate (0–1). */
  observed: number;
  /** The hourly average (volume) or the error rate (error_rate) of the baseline. */
  baseline: number;
  /** One sentence for a person. */
  explanation: string;
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const hourLabel = (hour: Date) => `${hour.toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`;

/**
 * Flags each hour of [from, to) of one key against the baseline before it. `hours` holds the key's
 * hourly counts from at least 168 hours before `from`; missing hours count as zero.
 */
export function detectUnusual(
  keyId: string,
  hours: readonly HourlyCounts[],
  range: { from: Date; to: Date },
): UnusualPattern[] {
  const rule = UNUSUAL_RULE;
  const byHour = new Map<number, HourlyCounts>();
  let firstActive = Number.POSITIVE_INFINITY;
  for (const h of hours) {
    const at = bucketStart(h.start, 'hour').getTime();
    byHour.set(at, h);
    if (h.requests > 0) firstActive = Math.min(firstActive, at);
  }
  const flags: UnusualPattern[] = [];
  const first = bucketStart(range.from, 'hour').getTime();
  for (let at = first; at < range.to.getTime(); at += HOUR_MS) {
    const hour = byHour.get(at);
    if (!hour || hour.requests === 0) continue;
    const historyHours = Math.min(rule.baselineHours, (at - firstActive) / HOUR_MS);
    if (historyHours < rule.minHistoryHours) continue;
    let requests = 0;
    let errors = 0;
    for (let h = at - historyHours * HOUR_MS; h < at; h += HOUR_MS) {
      requests += byHour.get(h)?.requests ?? 0;
      errors += byHour.get(h)?.errors ?? 0;
    }
    const average = requests / historyHours;
    const start = new Date(at);
    const over = `the previous ${historyHours === rule.baselineHours ? '7 days' : `${historyHours} hours`}`;
    if (hour.requests >= rule.minVolume && hour.requests >= rule.volumeFactor * average) {
      const times = average > 0 ? `${(hour.requests / average).toFixed(1)}×` : 'far above';
      flags.push({
        keyId,
        kind: 'volume',
        hour: start,
        observed: hour.requests,
        baseline: Math.round(average * 10) / 10,
        explanation: `${hour.requests} requests in the hour from ${hourLabel(start)}: ${times} this key's hourly average of ${average.toFixed(1)} over ${over}.`,
      });
    }
    const rate = hour.errors / hour.requests;
    const baselineRate = requests > 0 ? errors / requests : 0;
    if (
      hour.requests >= rule.minRequestsForErrorRate &&
      rate - baselineRate >= rule.errorRateJump
    ) {
      flags.push({
        keyId,
        kind: 'error_rate',
        hour: start,
        observed: Math.round(rate * 1e4) / 1e4,
        baseline: Math.round(baselineRate * 1e4) / 1e4,
        explanation: `Error rate ${percent(rate)} in the hour from ${hourLabel(start)} (${hour.errors} of ${hour.requests} requests), against ${percent(baselineRate)} for this key over ${over}.`,
      });
    }
  }
  return flags;
}

/**
 * Unusual hours of a customer's keys in one environment among the last `hours` complete hours
 * (default 24), newest first.
 */
export async function findUnusualPatterns(
  db: Db,
  scope: { customerId: string; environment: Environment; now: Date; hours?: number },
): Promise<UnusualPattern[]> {
  const to = bucketStart(scope.now, 'hour');
  const from = new Date(to.getTime() - (scope.hours ?? 24) * HOUR_MS);
  const baselineFrom = new Date(from.getTime() - UNUSUAL_RULE.baselineHours * HOUR_MS);
  const perKey = await usageSeriesBy(
    db,
    { customerId: scope.customerId, environment: scope.environment, from: baselineFrom, to },
    'hour',
    'key',
  );
  return perKey
    .flatMap(({ group, points }) =>
      detectUnusual(
        group,
        points.map((p) => ({
          start: p.start,
          requests: p.requests,
          errors: p.clientErrors + p.serverErrors,
        })),
        { from, to },
      ),
    )
    .sort((a, b) => b.hour.getTime() - a.hour.getTime() || byText(a.keyId, b.keyId));
}
