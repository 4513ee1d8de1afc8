import type { Granularity, UsagePoint } from '../usage/reads';
import { checkRange } from '../usage/reads';

/**
 * The usage page's arithmetic, pure: which range a period means, how a series becomes bars, and how
 * numbers read. The page draws what these return; the tests check them without a browser.
 */

export const USAGE_PERIODS = {
  '24h': { label: '24 hours', granularity: 'hour', days: 1 },
  '7d': { label: '7 days', granularity: 'hour', days: 7 },
  '30d': { label: '30 days', granularity: 'day', days: 30 },
} as const satisfies Record<string, { label: string; granularity: Granularity; days: number }>;

export type UsagePeriod = keyof typeof USAGE_PERIODS;
export const DEFAULT_USAGE_PERIOD: UsagePeriod = '24h';

export function parseUsagePeriod(value: string | string[] | undefined): UsagePeriod {
  return typeof value === 'string' && Object.hasOwn(USAGE_PERIODS, value)
    ? (value as UsagePeriod)
    : DEFAULT_USAGE_PERIOD;
}

const DAY_MS = 86_400_000;

/**
 * The whole buckets of a period ending with the current one: the last 24 hours or 7 days by hour, the
 * last 30 days by day (today included, so a request made a moment ago is on the chart).
 */
export function periodRange(
  period: UsagePeriod,
  now: Date,
): { from: Date; to: Date; granularity: Granularity } {
  const { granularity, days } = USAGE_PERIODS[period];
  const step = granularity === 'day' ? DAY_MS : 3_600_000;
  const to = new Date(Math.floor(now.getTime() / step) * step + step);
  const from = new Date(to.getTime() - days * DAY_MS);
  const range = checkRange(from, to, granularity, now);
  // The periods are within what is kept and the size limits, so the check only aligns them.
  if (!range.ok) throw new Error(`usage period ${period}: ${range.reason}`);
  return { from: range.from, to: range.to, granularity: range.granularity };
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least `floor`): a round top for an axis. */
export function niceCeiling(value: number, floor = 1): number {
  const target = Math.max(value, floor);
  const magnitude = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= target) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface Bar {
  x: number;
  width: number;
  /** Top of the whole bar and its height; `part` is the lower share (errors) of it. */
  y: number;
  height: number;
  partY: number;
  partHeight: number;
}

export interface ChartFrame {
  width: number;
  height: number;
  /** The value at the top of the chart. */
  max: number;
}

/**
 * One bar per value, left to right, with a gap between bars; `part` (≤ value) is drawn at the bottom
 * of its bar. Values at or above `max` fill the height; a value above zero stays visible (≥ 1 unit).
 */
export function layOutBars(
  values: readonly { value: number; part?: number }[],
  frame: ChartFrame,
): Bar[] {
  if (values.length === 0) return [];
  const slot = frame.width / values.length;
  const gap = slot >= 4 ? Math.min(slot * 0.2, 4) : 0;
  const scale = (v: number) => {
    if (v <= 0 || frame.max <= 0) return 0;
    return Math.max(1, Math.min(frame.height, (v / frame.max) * frame.height));
  };
  return values.map(({ value, part = 0 }, i) => {
    const height = scale(value);
    const partHeight = Math.min(height, scale(Math.min(part, value)));
    return {
      x: round(i * slot + gap / 2),
      width: round(slot - gap),
      y: round(frame.height - height),
      height: round(height),
      partY: round(frame.height - partHeight),
      partHeight: round(partHeight),
    };
  });
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The gridlines of an axis from 0 to max: `count` equal steps, values included. */
export function gridLines(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => round((max / count) * i));
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** 0.3333 → "33.3%"; 0 → "0%". */
export function formatRate(rate: number): string {
  const percent = Math.round(rate * 1000) / 10;
  return `${percent}%`;
}

/** A bucket's start as a person reads it, in UTC: "2026-12-01 14:00" by hour, "2026-12-01" by day. */
export function formatBucket(start: Date, granularity: Granularity): string {
  const iso = start.toISOString();
  if (granularity === 'day') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The busiest bucket, for the chart's caption; undefined when nothing was requested. */
export function peakOf(points: readonly UsagePoint[]): UsagePoint | undefined {
  let peak: UsagePoint | undefined;
  for (const p of points) if (p.requests > 0 && (!peak || p.requests > peak.requests)) peak = p;
  return peak;
}

/** Share of a cap in use, 0–1; null without a cap. */
export function shareOf(used: number, cap: number | null): number | null {
  if (cap === null) return null;
  if (cap <= 0) return used > 0 ? 1 : 0;
  return Math.min(1, used / cap);
}
