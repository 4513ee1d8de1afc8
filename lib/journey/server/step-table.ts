import type { z } from 'zod';
import type { StepResult } from '../views';
import { cancel } from './steps/cancel';
import { chooseAuthMethod } from './steps/choose-auth-method';
import { chooseDevices } from './steps/choose-devices';
import { chooseDeviceType } from './steps/choose-device-type';
import { chooseOem } from './steps/choose-oem';
import { giveConsent } from './steps/give-consent';
import { goBack } from './steps/go-back';
import { reportOemNotListed } from './steps/report-oem-not-listed';
import { resendMfa } from './steps/resend-mfa';
import { submitCredentials } from './steps/submit-credentials';
import { submitMfa } from './steps/submit-mfa';

/**
 * Every step the journey's browser side can ask for, by name. The one server action entry, its
 * client's types and the runner all come from this table: adding a step is its descriptor file,
 * its line here, and its screen.
 */
export const STEP_TABLE = {
  chooseDeviceType,
  chooseOem,
  chooseAuthMethod,
  submitCredentials,
  submitMfa,
  resendMfa,
  reportOemNotListed,
  chooseDevices,
  giveConsent,
  goBack,
  cancel,
} as const;

export type StepTable = typeof STEP_TABLE;
export type StepName = keyof StepTable;
/** What a step's form sends (nothing, for steps that take only the token). */
export type StepInput<N extends StepName> = z.input<StepTable[N]['input']>;

/** The one server action entry, as its callers see it: the token first, then the step and input. */
export type RunStep = <N extends StepName>(
  token: string,
  name: N,
  ...input: StepInput<N> extends undefined ? [] : [StepInput<N>]
) => Promise<StepResult>;

export function isStepName(value: unknown): value is StepName {
  return typeof value === 'string' && Object.hasOwn(STEP_TABLE, value);
}
