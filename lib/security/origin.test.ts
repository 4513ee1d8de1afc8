import { describe, expect, it } from 'vitest';
import { checkActionOrigin } from './origin';

describe('checkActionOrigin', () => {
  it('accepts the same host only', () => {
    expect(checkActionOrigin('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(checkActionOrigin('https://evil.example', 'localhost:3000')).toBe(false);
    expect(checkActionOrigin('http://localhost:3001', 'localhost:3000')).toBe(false);
  });

  it('refuses a missing, null or malformed origin', () => {
    expect(checkActionOrigin(null, 'localhost:3000')).toBe(false);
    expect(checkActionOrigin('null', 'localhost:3000')).toBe(false);
    expect(checkActionOrigin('not a url', 'localhost:3000')).toBe(false);
    expect(checkActionOrigin('http://localhost:3000', null)).toBe(false);
  });
});
