import type { ActionStatus } from '../db/schema';
import type { DeviceType } from '../oem';

/** The vocabulary of device actions and schedules, shared by the API, the worker and the tests. */

/** An action not settled this long after it was accepted fails with OEM_TIMEOUT. */
export const ACTION_TIMEOUT_MS = 60_000;
/** How long an Idempotency-Key is remembered; after that the same key starts a new action. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

export const ACTION_FAILURE_REASONS = [
  /** The OEM (or the device) refused or failed the command. */
  'OEM_REJECTED',
  /** No outcome within ACTION_TIMEOUT_MS of acceptance. */
  'OEM_TIMEOUT',
  /** The device was disconnected (its credentials expired) before the command could be sent. */
  'DEVICE_DISCONNECTED',
  /** Scheduled for a device that is beyond the customer's allowance. */
  'ALLOWANCE_EXCEEDED',
  /** Scheduled with a command the device no longer declares. */
  'CAPABILITY_NOT_SUPPORTED',
] as const;
export type ActionFailureReason = (typeof ACTION_FAILURE_REASONS)[number];

/** An action as customers see it (REST API). */
export interface ActionView {
  actionId: string;
  deviceId: string;
  deviceType: DeviceType;
  type: string;
  params: Record<string, unknown>;
  status: ActionStatus;
  failureReason: ActionFailureReason | null;
  scheduleId: string | null;
  createdAt: string;
  completedAt: string | null;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a schedule fires: on these days, at this local time, in this IANA time zone. */
export interface WeeklyRule {
  days: Weekday[];
  /** HH:MM, 24-hour. */
  time: string;
  timezone: string;
}

export interface ScheduleView extends WeeklyRule {
  scheduleId: string;
  deviceId: string;
  deviceType: DeviceType;
  action: { type: string; params: Record<string, unknown> };
  nextOccurrenceAt: string;
  lastOccurrenceAt: string | null;
  createdAt: string;
}

export type ActionErrorCode =
  | 'DEVICE_NOT_FOUND'
  | 'CAPABILITY_NOT_SUPPORTED'
  | 'VALIDATION_ERROR'
  | 'DEVICE_DISCONNECTED'
  | 'ALLOWANCE_EXCEEDED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ACTION_NOT_FOUND'
  | 'SCHEDULE_NOT_FOUND';

/** A refused request; the code is the API's error code, `field` names the input for VALIDATION_ERROR. */
export class ActionError extends Error {
  override name = 'ActionError';
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
