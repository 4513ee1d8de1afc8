import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES, capabilitiesFor } from '../oem';

/** docs/actions.md is the customers' copy of the capability table: it must say what the code does. */
const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'actions.md'), 'utf8');

describe('docs/actions.md', () => {
  it('lists exactly the action types of the capability table, with their parameters', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` +\| `(\w+)` +\| (.+?) +\|$/gm)].map((m) => ({
      deviceType: m[1]!,
      type: m[2]!,
      params: m[3]!,
    }));
    const expected = DEVICE_TYPES.flatMap((deviceType) =>
      capabilitiesFor(deviceType).commands.map((c) => ({ deviceType, type: c.name, c })),
    );
    expect(rows.map((r) => `${r.deviceType} ${r.type}`)).toEqual(
      expected.map((e) => `${e.deviceType} ${e.type}`),
    );
    for (const [i, { c }] of expected.entries()) {
      const cell = rows[i]!.params;
      const names = Object.keys(c.parameters);
      if (names.length === 0) expect(cell).toBe('—');
      for (const [name, p] of Object.entries(c.parameters)) {
        expect(cell).toContain(`\`${name}\``);
        for (const value of [p.min, p.max, ...(p.enum ?? [])]) {
          if (value !== undefined) expect(cell).toContain(String(value));
        }
      }
    }
  });
});
