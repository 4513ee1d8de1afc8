import { describe, expect, it } from 'vitest';
import { HOUR_MS } from './calendar';
import type { HourlyCounts } from './unusual';
import { detectUnusual } from './unusual';

const t0 = Date.parse('2026-03-10T00:00:00Z');
const hour = (i: number) => new Date(t0 + i * HOUR_MS);

/** `n` hours of steady traffic from hour 0, then `last` at hour n. */
function history(
  n: number,
  steady: Omit<HourlyCounts, 'start'>,
  last: Omit<HourlyCounts, 'start'>,
) {
  const hours: HourlyCounts[] = [];
  for (let i = 0; i < n; i++) hours.push({ start: hour(i), ...steady });
  hours.push({ start: hour(n), ...last });
  return hours;
}
const lastHour = (n: number) => ({ from: hour(n), to: hour(n + 1) });

describe('detectUnusual', () => {
  it('flags an hour with 3× the key’s hourly average over the previous 7 days, explained', () => {
    const flags = detectUnusual(
      'key_a',
      history(168, { requests: 50, errors: 1 }, { requests: 400, errors: 8 }),
      lastHour(168),
    );
    expect(flags).toEqual([
      {
        keyId: 'key_a',
        kind: 'volume',
        hour: hour(168),
        observed: 400,
        baseline: 50,
        explanation:
          "400 requests in the hour from 2026-03-17 00:00 UTC: 8.0× this key's hourly average of 50.0 over the previous 7 days.",
      },
    ]);
  });

  it('does not flag ordinary variation, small volumes, or keys without 24 hours of history', () => {
    expect(
      detectUnusual(
        'k',
        history(168, { requests: 50, errors: 0 }, { requests: 140, errors: 0 }),
        lastHour(168),
      ),
    ).toEqual([]);
    // 3× a tiny baseline, but under 100 requests.
    expect(
      detectUnusual(
        'k',
        history(168, { requests: 2, errors: 0 }, { requests: 90, errors: 0 }),
        lastHour(168),
      ),
    ).toEqual([]);
    // A new key's first busy hours are not "unusual": it has no baseline yet.
    expect(
      detectUnusual(
        'k',
        history(10, { requests: 5, errors: 0 }, { requests: 900, errors: 0 }),
        lastHour(10),
      ),
    ).toEqual([]);
  });

  it('uses a shorter history when the key is younger than 7 days', () => {
    const [flag] = detectUnusual(
      'k',
      history(48, { requests: 30, errors: 0 }, { requests: 300, errors: 0 }),
      lastHour(48),
    );
    expect(flag).toMatchObject({ kind: 'volume', baseline: 30 });
    expect(flag?.explanation).toContain('over the previous 48 hours');
  });

  it('counts quiet hours as zero in the baseline', () => {
    const hours: HourlyCounts[] = [
      { start: hour(0), requests: 840, errors: 0 },
      { start: hour(168), requests: 100, errors: 0 },
    ];
    // 840 requests over 168 hours: 5 an hour, so 100 is 20×.
    expect(detectUnusual('k', hours, lastHour(168))).toMatchObject([
      { kind: 'volume', baseline: 5, observed: 100 },
    ]);
  });

  it('flags an error rate 25 points above the baseline, with at least 20 requests', () => {
    expect(
      detectUnusual(
        'k',
        history(168, { requests: 50, errors: 1 }, { requests: 50, errors: 20 }),
        lastHour(168),
      ),
    ).toEqual([
      {
        keyId: 'k',
        kind: 'error_rate',
        hour: hour(168),
        observed: 0.4,
        baseline: 0.02,
        explanation:
          'Error rate 40% in the hour from 2026-03-17 00:00 UTC (20 of 50 requests), against 2% for this key over the previous 7 days.',
      },
    ]);
    // Same rate on 10 requests: too few to say.
    expect(
      detectUnusual(
        'k',
        history(168, { requests: 50, errors: 1 }, { requests: 10, errors: 4 }),
        lastHour(168),
      ),
    ).toEqual([]);
    // A key that always fails at 30% is not unusual at 40%.
    expect(
      detectUnusual(
        'k',
        history(168, { requests: 50, errors: 15 }, { requests: 50, errors: 20 }),
        lastHour(168),
      ),
    ).toEqual([]);
  });

  it('checks every hour of the range against the baseline before it', () => {
    const hours = history(168, { requests: 50, errors: 0 }, { requests: 50, errors: 0 });
    hours.push({ start: hour(170), requests: 500, errors: 0 });
    const flags = detectUnusual('k', hours, { from: hour(160), to: hour(172) });
    expect(flags.map((f) => [f.kind, f.hour])).toEqual([['volume', hour(170)]]);
  });
});
