import type { ActionFailureReason, ActionView, Weekday } from '../actions/types';
import { WEEKDAYS } from '../actions/types';

/** How a device's actions and schedules read on the dashboard. Pure. */

/** `set_charge_limit` → "Set charge limit". */
export function actionLabel(type: string): string {
  const words = type.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `{ percent: 55, mode: "eco" }` → "percent 55, mode eco"; empty for none. */
export function paramsLabel(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

const FAILURES: Record<ActionFailureReason, string> = {
  OEM_REJECTED: 'The manufacturer refused it',
  OEM_TIMEOUT: 'No outcome within 60 seconds',
  DEVICE_DISCONNECTED: 'The device was disconnected',
  ALLOWANCE_EXCEEDED: 'The device is beyond your allowance',
  CAPABILITY_NOT_SUPPORTED: 'The device no longer supports it',
};

export const STATUS_LABELS: Record<ActionView['status'], string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** What came of an action, in words (with the API's code for a failure). */
export function outcomeLabel(action: Pick<ActionView, 'status' | 'failureReason'>): string {
  if (action.status === 'pending') return 'Waiting for the manufacturer';
  if (action.status === 'succeeded') return 'Carried out';
  const reason = action.failureReason;
  return reason ? `${FAILURES[reason]} (${reason})` : 'Failed';
}

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** A schedule's days in week order: "Every day", "Weekdays", "Weekends" or "Mon, Wed". */
export function daysLabel(days: readonly Weekday[]): string {
  const set = new Set(days);
  const ordered = WEEKDAYS.filter((d) => set.has(d));
  if (ordered.length === 7) return 'Every day';
  if (ordered.join() === 'mon,tue,wed,thu,fri') return 'Weekdays';
  if (ordered.join() === 'sat,sun') return 'Weekends';
  return ordered.map((d) => DAY_NAMES[d]).join(', ');
}
