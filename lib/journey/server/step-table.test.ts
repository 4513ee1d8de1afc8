import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  JOURNEY_END_CODES,
  JOURNEY_ERROR_CODES,
  LAUNCH_ERROR_CODES,
  screensOf,
  STEP_FAILURE_CODES,
  stepFailureScreen,
} from '../errors';
import { CATALOGS } from '../../i18n/catalogs';
import { LANGUAGES } from '../../vocabulary';
import { apiKeyCredentialsSchema, passwordCredentialsSchema } from '../schemas';
import { fieldErrorsOf } from './runner';
import type { StepName } from './step-table';
import { isStepName, STEP_TABLE } from './step-table';

/** Inputs each step must refuse, with the field the refusal must name. */
const BAD_INPUTS: Record<StepName, [input: unknown, field: string][]> = {
  chooseDeviceType: [
    [{}, 'id'],
    [{ id: '' }, 'id'],
    [{ id: 'x'.repeat(65) }, 'id'],
    [{ id: 'vehicle', extra: 1 }, 'form'],
    ['vehicle', 'form'],
  ],
  chooseOem: [
    [{ id: 42 }, 'id'],
    [null, 'form'],
  ],
  chooseAuthMethod: [
    [{ id: '' }, 'id'],
    [[], 'form'],
  ],
  submitCredentials: [
    [{ username: 'user_good' }, 'form'],
    [{ apiKey: '' }, 'apiKey'],
    [{}, 'form'],
  ],
  submitMfa: [
    [{ code: '12345' }, 'code'],
    [{ code: 'abcdef' }, 'code'],
    [{ code: 123456 }, 'code'],
    [{ code: '123456', more: true }, 'form'],
  ],
  chooseDevices: [
    [{ deviceIds: [] }, 'deviceIds'],
    [{ deviceIds: [''] }, 'deviceIds'],
    [{ deviceIds: 'dev_1' }, 'deviceIds'],
    [{ deviceIds: Array.from({ length: 201 }, (_, i) => `d${i}`) }, 'deviceIds'],
  ],
  giveConsent: [
    [{ allow: true }, 'form'],
    ['yes', 'form'],
  ],
  goBack: [[{ step: 'device_type' }, 'form']],
  cancel: [[0, 'form']],
  resendMfa: [[{ channel: 'email' }, 'form']],
  reportOemNotListed: [[{ oem: 'tesla' }, 'form']],
};

function refusal(schema: z.ZodType, input: unknown): Record<string, string> | undefined {
  const parsed = schema.safeParse(input);
  return parsed.success ? undefined : fieldErrorsOf(parsed.error);
}

describe('the step table', () => {
  it('names every descriptor by its key, and knows only its own names', () => {
    for (const [name, step] of Object.entries(STEP_TABLE)) expect(step.name).toBe(name);
    expect(isStepName('chooseOem')).toBe(true);
    for (const other of ['toString', '__proto__', 'constructor', '', 'choose_oem', 42, null])
      expect(isStepName(other)).toBe(false);
  });

  it('has bad inputs for every step', () => {
    expect(Object.keys(BAD_INPUTS).sort()).toEqual(Object.keys(STEP_TABLE).sort());
  });

  for (const [name, cases] of Object.entries(BAD_INPUTS)) {
    it(`${name}: its schema refuses bad input with a field error`, () => {
      const step = STEP_TABLE[name as StepName];
      for (const [input, field] of cases) {
        const errors = refusal(step.input, input);
        expect(errors, JSON.stringify(input)).toBeDefined();
        expect(errors![field], `${JSON.stringify(input)} names ${field}`).toEqual(
          expect.stringMatching(/\S/),
        );
      }
    });
  }

  it('credentials are narrowed to the session’s sign-in method, with a field error per field', () => {
    const narrow = STEP_TABLE.submitCredentials.inputFor!;
    const asPassword = narrow({ state: { authMethod: 'password' } } as never);
    const asApiKey = narrow({ state: { authMethod: 'api_key' } } as never);
    expect(asPassword).toBe(passwordCredentialsSchema);
    expect(asApiKey).toBe(apiKeyCredentialsSchema);
    expect(refusal(asPassword, { username: 'u', password: '' })).toEqual({
      password: 'Enter your password',
    });
    expect(refusal(asPassword, { apiKey: 'key_good' })).toMatchObject({
      username: expect.any(String),
      password: expect.any(String),
    });
    expect(refusal(asApiKey, { apiKey: ' ' })).toEqual({ apiKey: 'Enter your API key' });
  });

  it('steps that take no input refuse any', () => {
    for (const name of ['giveConsent', 'goBack', 'cancel'] as const) {
      expect(STEP_TABLE[name].input.safeParse(undefined).success).toBe(true);
      expect(refusal(STEP_TABLE[name].input, {})).toHaveProperty('form');
    }
  });
});

describe('journey error codes', () => {
  const codes = [...JOURNEY_ERROR_CODES];

  it('every code maps to at least one screen, with a title and a message in every language', () => {
    for (const code of codes) {
      expect(screensOf(code).length, code).toBeGreaterThan(0);
      for (const language of LANGUAGES) {
        const copy = CATALOGS[language].journey.errors[code];
        expect(copy.title, `${language} ${code}`).toMatch(/\S/);
        expect(copy.message, `${language} ${code}`).toMatch(/\S/);
      }
    }
    expect(Object.keys(CATALOGS.en.journey.errors).sort()).toEqual([...codes].sort());
  });

  it('every code is in a group, and every group holds only known codes', () => {
    const grouped = new Set<string>([
      ...LAUNCH_ERROR_CODES,
      ...STEP_FAILURE_CODES,
      ...JOURNEY_END_CODES,
    ]);
    expect([...grouped].sort()).toEqual([...codes].sort());
  });

  it('a step failure shows the session-expired screen only for SESSION_EXPIRED', () => {
    for (const code of STEP_FAILURE_CODES) {
      expect(stepFailureScreen(code)).toBe(
        code === 'SESSION_EXPIRED' ? 'session_expired' : 'step_alert',
      );
    }
    expect(screensOf('TOO_MANY_ATTEMPTS')).toEqual(['finished']);
    expect(screensOf('OEM_UNAVAILABLE')).toEqual(['step_alert', 'finished']);
    expect(screensOf('LINK_USED')).toEqual(['launch_error']);
  });
});
