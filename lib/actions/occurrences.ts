import { Temporal } from 'temporal-polyfill';
import type { WeeklyRule } from './types';
import { WEEKDAYS } from './types';

/**
 * When a weekly schedule fires, as UTC instants. Local dates and times are resolved in the rule's
 * IANA time zone by Temporal, whose `compatible` disambiguation is what a person setting an alarm
 * expects across daylight-saving changes:
 * - a local time that does not exist (the clock jumps from 02:00 to 03:00) fires at the same offset
 *   past the jump: 02:30 fires at 03:30 local;
 * - a local time that happens twice (the clock falls back from 03:00 to 02:00) fires once, at the
 *   first of the two.
 * Pure: no clock is read here, the caller passes the instant to search from.
 */

/** Whether `name` is an IANA time zone name this runtime knows (offsets such as +01:00 are not). */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling of a valid IANA time zone name ("europe/amsterdam" → "Europe/Amsterdam"). */
export function canonicalTimeZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/** The first instant strictly after `after` at which `rule` fires. */
export function nextOccurrence(rule: WeeklyRule, after: Date): Date {
  const [hour = 0, minute = 0] = rule.time.split(':').map(Number);
  const plainTime = Temporal.PlainTime.from({ hour, minute });
  // Temporal numbers days 1 (Monday) … 7 (Sunday), in WEEKDAYS order.
  const days = new Set(rule.days.map((d) => WEEKDAYS.indexOf(d) + 1));
  const start = Temporal.Instant.fromEpochMilliseconds(after.getTime())
    .toZonedDateTimeISO(rule.timezone)
    .toPlainDate();
  // Today (a later time today) through the same weekday next week.
  for (let offset = 0; offset <= 7; offset++) {
    const date = start.add({ days: offset });
    if (!days.has(date.dayOfWeek)) continue;
    const at = date.toZonedDateTime({ timeZone: rule.timezone, plainTime }).epochMilliseconds;
    if (at > after.getTime()) return new Date(at);
  }
  throw new RangeError('A weekly rule needs at least one day');
}
