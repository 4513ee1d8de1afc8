import { describe, expect, it } from 'vitest';
import { actionLabel, daysLabel, outcomeLabel, paramsLabel } from './action-view';

describe('action labels', () => {
  it('reads a type and its parameters', () => {
    expect(actionLabel('set_charge_limit')).toBe('Set charge limit');
    expect(actionLabel('stop_charging')).toBe('Stop charging');
    expect(paramsLabel({})).toBe('');
    expect(paramsLabel({ percent: 55 })).toBe('percent 55');
    expect(paramsLabel({ mode: 'backup', on: true })).toBe('mode backup, on true');
  });

  it('says what came of an action', () => {
    expect(outcomeLabel({ status: 'pending', failureReason: null })).toBe(
      'Waiting for the manufacturer',
    );
    expect(outcomeLabel({ status: 'succeeded', failureReason: null })).toBe('Carried out');
    expect(outcomeLabel({ status: 'failed', failureReason: 'OEM_REJECTED' })).toBe(
      'The manufacturer refused it (OEM_REJECTED)',
    );
    expect(outcomeLabel({ status: 'failed', failureReason: 'OEM_TIMEOUT' })).toBe(
      'No outcome within 60 seconds (OEM_TIMEOUT)',
    );
    expect(outcomeLabel({ status: 'failed', failureReason: null })).toBe('Failed');
  });
});

describe('daysLabel', () => {
  it('names the days in week order, and the usual groups', () => {
    expect(daysLabel(['wed', 'mon'])).toBe('Mon, Wed');
    expect(daysLabel(['sun', 'sat'])).toBe('Weekends');
    expect(daysLabel(['fri', 'thu', 'wed', 'tue', 'mon'])).toBe('Weekdays');
    expect(daysLabel(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('Every day');
    expect(daysLabel(['mon', 'mon'])).toBe('Mon');
  });
});
