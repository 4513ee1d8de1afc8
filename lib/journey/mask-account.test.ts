import { describe, expect, it } from 'vitest';
import { maskAccount } from './mask-account';

describe('maskAccount', () => {
  it.each([
    ['user_good', 'u•••d'],
    ['  someone@example.com ', 's•••m'],
    ['abc', 'a•••c'],
    ['ab', '•••'],
    ['', '•••'],
    ['é😀xyz😀', 'é•••😀'],
  ])('%j → %s', (id, masked) => {
    expect(maskAccount(id)).toBe(masked);
  });

  it('never shows the length or the middle', () => {
    expect(maskAccount('u' + 'x'.repeat(40) + 'd')).toBe('u•••d');
  });
});
