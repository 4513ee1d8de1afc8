import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOURNEY_STEPS } from '../vocabulary';
import type { StepMove } from './funnel';
import { funnelEventsOf, openEvent } from './funnel';

describe('funnel events of a step', () => {
  it('names each forward move, and says nothing for Back', () => {
    expect(funnelEventsOf('device_type', null, { kind: 'next', to: 'oem' })).toEqual([
      { event: 'SELECT_DEVICE_TYPE', step: 'device_type', oem: null, code: null },
    ]);
    expect(funnelEventsOf('oem', 'volta', { kind: 'next', to: 'credentials' })).toEqual([
      { event: 'SELECT_OEM', step: 'oem', oem: 'volta', code: null },
    ]);
    expect(funnelEventsOf('credentials', 'volta', { kind: 'next', to: 'mfa' })[0]?.event).toBe(
      'SUBMIT_CREDENTIALS',
    );
    expect(funnelEventsOf('oem', null, { kind: 'next', to: 'device_type' })).toEqual([]);
    expect(funnelEventsOf('auth_method', 'ampere', { kind: 'next', to: 'oem' })).toEqual([]);
  });

  it('errors carry their code; a failed journey also exits; completion consents and hands off', () => {
    expect(
      funnelEventsOf('credentials', 'volta', { kind: 'retry', code: 'INVALID_CREDENTIALS' }),
    ).toEqual([{ event: 'ERROR', step: 'credentials', oem: 'volta', code: 'INVALID_CREDENTIALS' }]);
    expect(
      funnelEventsOf('credentials', 'volta', { kind: 'failed', code: 'TOO_MANY_ATTEMPTS' }).map(
        (r) => r.event,
      ),
    ).toEqual(['ERROR', 'EXIT']);
    expect(funnelEventsOf('oem', null, { kind: 'cancelled' })).toEqual([
      { event: 'EXIT', step: 'oem', oem: null, code: null },
    ]);
    expect(funnelEventsOf('consent', 'volta', { kind: 'completed' }).map((r) => r.event)).toEqual([
      'CONSENT',
      'HANDOFF',
    ]);
    expect(openEvent('device_type', null)).toEqual({
      event: 'OPEN',
      step: 'device_type',
      oem: null,
      code: null,
    });
  });

  it('no event carries a credential, whatever the step and whatever was typed', () => {
    // The derivation never sees the input: whatever a person typed (here, secrets made of any
    // characters) cannot appear in what is recorded or posted.
    const step = fc.constantFrom(...JOURNEY_STEPS);
    const move: fc.Arbitrary<StepMove> = fc.oneof(
      step.map((to) => ({ kind: 'next' as const, to })),
      fc.constantFrom('INVALID_CREDENTIALS', 'INVALID_CODE', 'OEM_UNAVAILABLE').map((code) => ({
        kind: 'retry' as const,
        code,
      })),
      fc.constant({ kind: 'cancelled' as const }),
      fc.constant({ kind: 'completed' as const }),
    );
    fc.assert(
      fc.property(
        step,
        fc.option(fc.constantFrom('volta', 'ampere', 'helios')),
        move,
        fc.record({ username: fc.string({ minLength: 6 }), password: fc.string({ minLength: 6 }) }),
        (from, oem, m, typed) => {
          const rows = funnelEventsOf(from, oem, m);
          for (const r of rows) {
            expect(Object.keys(r).sort()).toEqual(['code', 'event', 'oem', 'step']);
            const text = JSON.stringify(r);
            expect(text.includes(typed.username) || text.includes(typed.password)).toBe(
              [from, oem, r.event, r.code].some(
                (v) => v !== null && (v.includes(typed.username) || v.includes(typed.password)),
              ),
            );
          }
        },
      ),
    );
  });
});
