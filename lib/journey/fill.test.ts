import { describe, expect, it } from 'vitest';
import { fillTemplate } from './fill';

describe('fillTemplate', () => {
  it('fills named slots and leaves unknown ones as written', () => {
    expect(fillTemplate('Step {number} of {total}', { number: 2, total: 7 })).toBe('Step 2 of 7');
    expect(fillTemplate('No makers match “{query}”.', { query: '{total}' })).toBe(
      'No makers match “{total}”.',
    );
    expect(fillTemplate('{heading} · {other}', { heading: 'Hi' })).toBe('Hi · {other}');
  });
});
