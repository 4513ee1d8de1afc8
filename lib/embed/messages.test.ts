import { describe, expect, it } from 'vitest';
import type { StepView } from '../journey/views';
import { eventForFailure, eventForStep, messagesOnFinish, messagesOnLeave } from './messages';

const deviceType: StepView = { step: 'device_type', title: 't', legend: 'l', deviceTypes: [] };
const oem: StepView = {
  step: 'oem',
  title: 't',
  legend: 'l',
  deviceTypeLabel: 'Vehicle',
  oems: [],
  text: { search: 's', noMatch: 'n', shown: 's', notListed: 'n' },
};
const credentials: StepView = {
  step: 'credentials',
  oemName: 'Volta Motors',
  authMethod: 'password',
  attemptsLeft: 5,
  accountHelpUrl: null,
  title: 't',
  text: {
    intro: 'i',
    username: 'u',
    password: 'p',
    apiKey: 'k',
    forgotPassword: 'f',
    submitting: 's',
    busy: 'b',
    helpSummary: 'h',
    helpPrivacy: 'h',
    validation: {},
  },
};
const devices: StepView = {
  step: 'devices',
  title: 't',
  oemName: 'Volta Motors',
  devices: [],
  text: {
    found: 'f',
    selected: 's',
    legend: 'l',
    alreadyConnected: 'a',
    selectAll: 'a',
    selectNone: 'n',
    selectAtLeastOne: 'o',
  },
};
const consent: StepView = {
  step: 'consent',
  appName: 'Pal',
  oemName: 'Volta Motors',
  mode: 'connect',
  authMethod: 'password',
  deviceNames: ['Car A', 'Car B'],
  access: [],
  title: 't',
  text: {
    devicesHeading: 'd',
    more: 'm',
    reconnectAll: 'r',
    ableTo: 'a',
    privacy: 'p',
    allow: 'a',
    connecting: 'c',
    busy: 'b',
  },
};
const finished = (outcome: 'success' | 'error' | 'cancelled', query: string): StepView => ({
  step: 'finished',
  outcome,
  title: 't',
  message: 'm',
  redirectUrl: `https://pal.example.com/done?keep=1&${query}`,
  appName: 'Pal',
  returnLabel: 'Return to Pal',
  help: null,
});

describe('embedding messages', () => {
  it('names each forward move with what was chosen, never what was typed', () => {
    expect(eventForStep(deviceType, oem)).toEqual({
      type: 'EVENT',
      event: 'SELECT_DEVICE_TYPE',
      metadata: { step: 'device_type', nextStep: 'oem', deviceType: 'Vehicle' },
    });
    expect(eventForStep(oem, credentials)).toEqual({
      type: 'EVENT',
      event: 'SELECT_OEM',
      metadata: {
        step: 'oem',
        nextStep: 'credentials',
        oem: 'Volta Motors',
        authMethod: 'password',
      },
    });
    expect(eventForStep(credentials, devices)).toMatchObject({ event: 'SUBMIT_CREDENTIALS' });
    expect(eventForStep(devices, consent)).toMatchObject({
      event: 'SELECT_DEVICES',
      metadata: { deviceCount: 2 },
    });
    expect(eventForStep(consent, finished('success', 'status=success'))).toMatchObject({
      event: 'CONSENT',
    });
  });

  it('says nothing for Back, for staying on a step, or for leaving through cancel or an error', () => {
    expect(eventForStep(oem, deviceType)).toBeUndefined();
    expect(eventForStep(credentials, credentials)).toBeUndefined();
    expect(
      eventForStep(credentials, finished('error', 'status=error&error=ACCOUNT_LOCKED')),
    ).toBeUndefined();
    expect(eventForStep(oem, finished('cancelled', 'status=cancelled'))).toBeUndefined();
  });

  it('a failed step is an ERROR event with its code', () => {
    expect(eventForFailure('credentials', 'INVALID_CREDENTIALS')).toEqual({
      type: 'EVENT',
      event: 'ERROR',
      metadata: { step: 'credentials', code: 'INVALID_CREDENTIALS' },
    });
  });

  it('success hands off with what the redirect carries', () => {
    const view = finished(
      'success',
      'status=success&journeyId=jrn_1&userId=u%201&deviceIds=dev_a,dev_b&state=s',
    ) as Extract<StepView, { step: 'finished' }>;
    expect(messagesOnFinish(view)).toEqual([]);
    expect(messagesOnLeave(view)).toEqual([
      { type: 'EVENT', event: 'HANDOFF', metadata: { status: 'success' } },
      {
        type: 'SUCCESS',
        journeyId: 'jrn_1',
        userId: 'u 1',
        deviceIds: ['dev_a', 'dev_b'],
        state: 's',
      },
    ]);
  });

  it('cancel and error exit with the redirect’s reason, step and code', () => {
    const cancelled = finished(
      'cancelled',
      'status=cancelled&reason=user_exit&step=oem',
    ) as Extract<StepView, { step: 'finished' }>;
    expect(messagesOnLeave(cancelled)).toEqual([
      { type: 'EVENT', event: 'EXIT', metadata: { reason: 'user_exit', step: 'oem' } },
      { type: 'EXIT', reason: 'user_exit', step: 'oem' },
    ]);
    const failed = finished('error', 'status=error&error=ACCOUNT_LOCKED') as Extract<
      StepView,
      { step: 'finished' }
    >;
    expect(messagesOnFinish(failed)).toEqual([
      { type: 'EVENT', event: 'ERROR', metadata: { step: 'finished', code: 'ACCOUNT_LOCKED' } },
    ]);
    expect(messagesOnLeave(failed)).toEqual([
      {
        type: 'EVENT',
        event: 'EXIT',
        metadata: { reason: 'error', step: null, code: 'ACCOUNT_LOCKED' },
      },
      { type: 'EXIT', reason: 'error', step: null, error: { code: 'ACCOUNT_LOCKED' } },
    ]);
  });
});
