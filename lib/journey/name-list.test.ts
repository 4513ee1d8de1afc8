import { describe, expect, it } from 'vitest';
import { nameList } from './name-list';

describe('nameList', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['Car A'], 'Car A'],
    [['Car A', 'Car B'], 'Car A and Car B'],
    [['A', 'B', 'C'], 'A, B and C'],
    [['A', 'B', 'C', 'D'], 'A, B, C and 1 more'],
    [Array.from({ length: 25 }, (_, i) => `D${i + 1}`), 'D1, D2, D3 and 22 more'],
  ])('%j → %s', (names, expected) => {
    expect(nameList(names)).toBe(expected);
  });

  it('takes its own limit', () => {
    expect(nameList(['A', 'B', 'C'], 2)).toBe('A, B and 1 more');
  });
});
