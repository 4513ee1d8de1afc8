import type { StepFailureCode } from '@/lib/journey/errors';

/** A step's refusal as its screen shows it: the code, its message, and the fields at fault. */
export interface StepFailure {
  code: StepFailureCode;
  message: string;
  fieldErrors?: Record<string, string>;
  attemptsLeft?: number;
}

/** The browser's own failure: the server never answered, so the copy lives here. */
export const NETWORK_ERROR_MESSAGE =
  'We could not reach the server. Check your connection and try again.';
