/**
 * The conversion funnel's events as the journey's server side records them, one batch per step (see
 * docs/embedding.md): the same names an embedding page hears. Derived only from where the journey
 * was and where it went — never from what the person typed — so no credential can reach them.
 */
import type { JourneyEventName, JourneyStep } from '../vocabulary';
import { JOURNEY_STEPS } from '../vocabulary';

type FunnelEvent = JourneyEventName;

export interface FunnelEventRow {
  event: FunnelEvent;
  step: string | null;
  oem: string | null;
  code: string | null;
}

const LEAVING: Partial<Record<JourneyStep, FunnelEvent>> = {
  device_type: 'SELECT_DEVICE_TYPE',
  oem: 'SELECT_OEM',
  auth_method: 'SELECT_AUTH_METHOD',
  credentials: 'SUBMIT_CREDENTIALS',
  mfa: 'SUBMIT_MFA',
  devices: 'SELECT_DEVICES',
  consent: 'CONSENT',
};

/** What a step did, as the runner settles it. */
export type StepMove =
  | { kind: 'next'; to: JourneyStep }
  | { kind: 'retry'; code: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; code: string }
  | { kind: 'completed' };

/**
 * The funnel events of one step: `from` the step the session was at, `oem` the session's OEM once
 * chosen (after the step). Back moves record nothing.
 */
export function funnelEventsOf(
  from: JourneyStep,
  oem: string | null,
  move: StepMove,
): FunnelEventRow[] {
  const row = (event: FunnelEvent, code: string | null = null): FunnelEventRow => ({
    event,
    step: from,
    oem,
    code,
  });
  switch (move.kind) {
    case 'next': {
      const left = LEAVING[from];
      const forward = JOURNEY_STEPS.indexOf(move.to) > JOURNEY_STEPS.indexOf(from);
      return left && forward ? [row(left)] : [];
    }
    case 'retry':
      return [row('ERROR', move.code)];
    case 'cancelled':
      return [row('EXIT')];
    case 'failed':
      return [row('ERROR', move.code), row('EXIT', move.code)];
    case 'completed':
      return [row('CONSENT'), row('HANDOFF')];
  }
}

/** The event of a journey opened at `step` (the first step, or a later one for reconnection). */
export function openEvent(step: JourneyStep, oem: string | null): FunnelEventRow {
  return { event: 'OPEN', step, oem, code: null };
}
