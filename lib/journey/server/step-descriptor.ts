import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { JourneyEndCode, StepFailureCode } from '../errors';
import { JourneyError } from '../errors';
import type { JourneyEvent } from '../machine';
import { transition } from '../machine';
import type { JourneyEventInput, SessionPatch } from './queries';
import type { StepContext } from './step-context';

/**
 * A step of the journey's server side: its name, the zod schema of its input (the schema its form
 * uses too) and a handler that decides, without writing anything, what the step does. The runner
 * (./runner.ts) does everything around it: the token, the input, the writes, the next token and the
 * mapping of errors.
 */
export interface StepDescriptor<S extends z.ZodType = z.ZodType> {
  name: string;
  /** The step's input as its form sends it; the client's types come from here. */
  input: S;
  /** Narrows the input to what this session accepts (the credentials follow the sign-in method). */
  inputFor?: (ctx: StepContext) => z.ZodType<z.output<S>>;
  /** Checked before the input is read: false refuses the step with NOT_ALLOWED. */
  allowed?: (ctx: StepContext) => boolean;
  handle(ctx: StepContext, input: z.output<S>): Promise<StepOutcome>;
}

export function defineStep<const N extends string, S extends z.ZodType>(
  descriptor: StepDescriptor<S> & { name: N },
): StepDescriptor<S> & { name: N } {
  return descriptor;
}

/** A funnel event of this step (the runner adds the session, step and instant). */
export type StepEvent = Omit<JourneyEventInput, 'sessionId' | 'at' | 'step'>;

interface Written {
  /**
   * Events written whatever the compare-and-swap decides: what the OEM saw (a failed sign-in counts
   * against the account even when a replay of the same token loses the race).
   */
  recorded?: JourneyEventInput[];
}

/** What a step decided. The runner writes it (one statement, or one transaction) and answers. */
export type StepOutcome = Written &
  (
    | /** Moves the session on and shows its next step. */
      { kind: 'next'; patch: SessionPatch; event?: StepEvent }
      /** Stays on the step: answers `code` with a fresh token (counters in `patch` may change). */
    | {
        kind: 'retry';
        code: StepFailureCode;
        patch?: SessionPatch;
        attemptsLeft?: number;
        /** The server's own wording when it knows more than the code (the account expected). */
        message?: string;
      }
    /** Refuses without using the token up: nothing was tried. */
    | { kind: 'refuse'; code: StepFailureCode }
    /** Ends the journey at the person's request: `user_exit`, or `oem_not_listed` from the OEM step. */
    | { kind: 'cancelled'; reason?: 'oem_not_listed' }
    /** Ends the journey with an error: the person sees why, then the app gets `status=error`. */
    | { kind: 'failed'; code: JourneyEndCode; patch?: SessionPatch }
    /**
     * Completes the journey: `register` runs in the transaction of the compare-and-swap, after it,
     * and answers the ids of the devices it registered; `deviceIds` are the ids it is expected to
     * answer, recorded with the swap (unknown: recorded after the registration).
     */
    | {
        kind: 'completed';
        patch: SessionPatch;
        deviceIds?: string[];
        register: (tx: Tx) => Promise<string[]>;
      }
  );

/** Applies a machine event, failing with NOT_ALLOWED when the step does not accept it. */
export function apply(ctx: StepContext, event: JourneyEvent) {
  const result = transition(ctx.state, event);
  if (!result.ok)
    throw new JourneyError(result.reason === 'invalid_choice' ? 'INVALID_INPUT' : 'NOT_ALLOWED');
  return result;
}

/** Refuses an input that is well-formed but not one of the step's offers. */
export function invalidChoice(field: string, message: string): JourneyError {
  return new JourneyError('INVALID_INPUT', { [field]: message });
}
