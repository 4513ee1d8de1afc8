/** Device actions and schedules: validation against capabilities, the queue, execution, schedules. */
export * from './types';
export { validateAction, describeParameter } from './validate';
export { acceptAction, requireDevice } from './accept';
export type { AcceptActionInput } from './accept';
export { findAction, listDeviceActions, countActions } from './queries';
export {
  createSchedule,
  listSchedules,
  deleteSchedule,
  fireDueSchedules,
  MAX_SCHEDULES_PER_DEVICE,
  MISSED_OCCURRENCE_GRACE_MS,
} from './schedules';
export type { CreateScheduleInput } from './schedules';
export { nextOccurrence, isIanaTimeZone } from './occurrences';
export { startActionWorker } from './worker';
export type { ActionWorker, ActionWorkerOptions } from './worker';
export { notifyActionWorker } from './wake';
