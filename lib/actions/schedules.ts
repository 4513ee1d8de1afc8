import { and, asc, count, eq, inArray, lte } from 'drizzle-orm';
import { randomId } from '../crypto';
import type { Db } from '../db/client';
import type { Environment, Schedule } from '../db/schema';
import { tablesFor } from '../db/schema';
import type { DeviceType } from '../oem';
import { isDeviceType } from '../oem';
import { enqueueEvent, notifyDispatcher } from '../webhooks';
import { requireDevice, requireReachable } from './accept';
import { canonicalTimeZone, isIanaTimeZone, nextOccurrence } from './occurrences';
import { insertAction } from './queries';
import { outcomeEvent } from './queue';
import type { ActionFailureReason, ScheduleView, WeeklyRule, Weekday } from './types';
import { ACTION_TIMEOUT_MS, ActionError, WEEKDAYS } from './types';
import { validateAction } from './validate';
import { notifyActionWorker } from './wake';

/** Schedules per device: enough for any weekly plan, few enough that one device cannot flood the worker. */
export const MAX_SCHEDULES_PER_DEVICE = 20;
/**
 * An occurrence missed by more than this (no worker ran) is skipped rather than fired late: an
 * action hours after its time is more likely harmful than useful.
 */
export const MISSED_OCCURRENCE_GRACE_MS = 3_600_000;

export interface CreateScheduleInput {
  environment: Environment;
  customerId: string;
  deviceType: DeviceType;
  deviceId: string;
  action: { type: string; params?: Record<string, unknown> };
  days: Weekday[];
  time: string;
  timezone: string;
  now: Date;
}

function ruleOf(row: Schedule): WeeklyRule {
  return {
    days: WEEKDAYS.filter((d) => row.days.includes(d)),
    time: row.time,
    timezone: row.timezone,
  };
}

function toView(row: Schedule, deviceType: DeviceType): ScheduleView {
  return {
    scheduleId: row.id,
    deviceId: row.deviceId,
    deviceType,
    action: { type: row.actionType, params: row.actionParams },
    ...ruleOf(row),
    nextOccurrenceAt: row.nextOccurrenceAt.toISOString(),
    lastOccurrenceAt: row.lastOccurrenceAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Creates a weekly schedule for a device, its action validated like any action. */
export async function createSchedule(db: Db, input: CreateScheduleInput): Promise<ScheduleView> {
  const { environment, customerId, deviceId, now } = input;
  const action = validateAction(input.deviceType, input.action, 'action.');
  if (!isIanaTimeZone(input.timezone)) {
    throw new ActionError(
      'VALIDATION_ERROR',
      'timezone: must be an IANA time zone such as Europe/Amsterdam',
      'timezone',
    );
  }
  const rule: WeeklyRule = {
    days: WEEKDAYS.filter((d) => input.days.includes(d)),
    time: input.time,
    timezone: canonicalTimeZone(input.timezone),
  };
  const s = tablesFor(environment).schedules;
  return db.transaction(async (tx) => {
    const device = await requireDevice(tx, environment, customerId, input.deviceType, deviceId);
    requireReachable(device);
    const [existing] = await tx
      .select({ n: count() })
      .from(s)
      .where(and(eq(s.deviceId, deviceId), eq(s.customerId, customerId)));
    if ((existing?.n ?? 0) >= MAX_SCHEDULES_PER_DEVICE) {
      throw new ActionError(
        'VALIDATION_ERROR',
        `device: has ${MAX_SCHEDULES_PER_DEVICE} schedules already; delete one first`,
        'device',
      );
    }
    const [row] = await tx
      .insert(s)
      .values({
        id: randomId('sch'),
        customerId,
        deviceId,
        actionType: action.type,
        actionParams: action.params,
        days: rule.days,
        time: rule.time,
        timezone: rule.timezone,
        nextOccurrenceAt: nextOccurrence(rule, now),
        createdAt: now,
      })
      .returning();
    return toView(row!, device.type);
  });
}

export async function listSchedules(
  db: Db,
  environment: Environment,
  customerId: string,
  deviceType: DeviceType,
  deviceId: string,
): Promise<ScheduleView[]> {
  await requireDevice(db, environment, customerId, deviceType, deviceId);
  const s = tablesFor(environment).schedules;
  const rows = await db
    .select()
    .from(s)
    .where(and(eq(s.deviceId, deviceId), eq(s.customerId, customerId)))
    .orderBy(asc(s.createdAt), asc(s.id));
  return rows.map((row) => toView(row, deviceType));
}

/** Deletes a schedule of the device; SCHEDULE_NOT_FOUND when there is none. */
export async function deleteSchedule(
  db: Db,
  environment: Environment,
  customerId: string,
  deviceType: DeviceType,
  deviceId: string,
  scheduleId: string,
): Promise<void> {
  await requireDevice(db, environment, customerId, deviceType, deviceId);
  const s = tablesFor(environment).schedules;
  const deleted = await db
    .delete(s)
    .where(and(eq(s.id, scheduleId), eq(s.deviceId, deviceId), eq(s.customerId, customerId)))
    .returning({ id: s.id });
  if (deleted.length === 0) {
    throw new ActionError('SCHEDULE_NOT_FOUND', 'No such schedule for this device');
  }
}

/** Why a scheduled action cannot go to the device now, if it cannot. */
function refusal(
  device: { type: string; status: string; overage: boolean },
  schedule: Schedule,
): ActionFailureReason | undefined {
  if (device.overage) return 'ALLOWANCE_EXCEEDED';
  if (device.status !== 'connected') return 'DEVICE_DISCONNECTED';
  if (!isDeviceType(device.type)) return 'CAPABILITY_NOT_SUPPORTED';
  try {
    validateAction(device.type, { type: schedule.actionType, params: schedule.actionParams });
    return undefined;
  } catch {
    return 'CAPABILITY_NOT_SUPPORTED';
  }
}

/**
 * Fires the schedules due at `now`: each occurrence becomes one ordinary action (or, for a device
 * that cannot take it, a failed one with its action.failed webhook), and the schedule moves on to its
 * next occurrence — in one transaction over rows locked FOR UPDATE SKIP LOCKED, so that several
 * workers never fire one occurrence twice (a unique index on (schedule, occurrence) backs this up).
 * Returns the number of occurrences handled.
 */
export async function fireDueSchedules(
  db: Db,
  environment: Environment,
  opts: { now: Date; limit?: number },
): Promise<number> {
  const { schedules: s, devices: d } = tablesFor(environment);
  const { now } = opts;
  const result = await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(s)
      .where(lte(s.nextOccurrenceAt, now))
      .orderBy(asc(s.nextOccurrenceAt))
      .limit(opts.limit ?? 100)
      .for('update', { skipLocked: true });
    const deviceIds = [...new Set(due.map((row) => row.deviceId))];
    const devices = deviceIds.length
      ? await tx
          .select({ id: d.id, type: d.type, status: d.status, overage: d.overage })
          .from(d)
          .where(inArray(d.id, deviceIds))
      : [];
    const deviceOf = new Map(devices.map((device) => [device.id, device]));
    let created = 0;
    let failed = 0;
    const graceStart = new Date(now.getTime() - MISSED_OCCURRENCE_GRACE_MS);
    for (const schedule of due) {
      // The foreign key guarantees the device; devices are never deleted.
      const device = deviceOf.get(schedule.deviceId)!;
      const rule = ruleOf(schedule);
      let occurrence = schedule.nextOccurrenceAt;
      let fired: Date | null = schedule.lastOccurrenceAt;
      // Occurrences missed by more than the grace period are skipped, not fired late.
      if (occurrence < graceStart) occurrence = nextOccurrence(rule, graceStart);
      if (occurrence <= now) {
        const failureReason = refusal(device, schedule);
        const action = {
          id: randomId('act'),
          customerId: schedule.customerId,
          deviceId: schedule.deviceId,
          type: schedule.actionType,
          params: schedule.actionParams,
        };
        const inserted = await insertAction(tx, environment, {
          ...action,
          createdAt: now,
          deadlineAt: new Date(now.getTime() + ACTION_TIMEOUT_MS),
          failureReason,
          scheduleId: schedule.id,
          occurrenceAt: occurrence,
        });
        if (inserted && failureReason) {
          await enqueueEvent(tx, environment, {
            customerId: schedule.customerId,
            now,
            ...outcomeEvent(action, failureReason),
          });
          failed++;
        } else if (inserted) {
          created++;
        }
        fired = occurrence;
        occurrence = nextOccurrence(rule, occurrence);
      }
      await tx
        .update(s)
        .set({ nextOccurrenceAt: occurrence, lastOccurrenceAt: fired })
        .where(eq(s.id, schedule.id));
    }
    return { handled: due.length, created, failed };
  });
  if (result.created > 0) notifyActionWorker();
  if (result.failed > 0) notifyDispatcher();
  return result.handled;
}
