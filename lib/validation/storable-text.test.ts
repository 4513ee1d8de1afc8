import { describe, expect, it } from 'vitest';
import { isStorableText } from './storable-text';

describe('isStorableText', () => {
  it.each([
    ['plain text', 'user-42'],
    ['an empty string', ''],
    ['accents and CJK', 'Zoë 東京'],
    ['a surrogate pair (emoji)', 'plug 🔌 in'],
  ])('accepts %s', (_, value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it.each([
    ['NUL', 'a\0b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a trailing high surrogate', 'ab\uD83D'],
    ['reversed pair', '\uDC00\uD800'],
  ])('refuses %s', (_, value) => {
    expect(isStorableText(value)).toBe(false);
  });
});
