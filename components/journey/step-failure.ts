import type { StepFailureCode } from '@/lib/journey/errors';

/**
 * A step's refusal as its screen shows it: the code, its message, and the fields at fault, all
 * worded by the server in the journey's language (a lost connection: the journey's words).
 */
export interface StepFailure {
  code: StepFailureCode;
  message: string;
  fieldErrors?: Record<string, string>;
  attemptsLeft?: number;
  /** "2 attempts left.", worded by the server. */
  attemptsNote?: string;
}
