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

describe('checkActionOrigin against attacker-chosen origins', () => {
  it('refuses look-alike hosts, userinfo tricks and other ports', () => {
    const host = 'connect.example.com';
    for (const origin of [
      'https://connect.example.com.evil.example',
      'https://evil.example/connect.example.com',
      'https://connect.example.com@evil.example',
      'https://evilconnect.example.com',
      'https://connect.example.com:444',
      'file://',
      'data:text/html,x',
      '',
    ]) {
      expect(checkActionOrigin(origin, host), origin).toBe(false);
    }
    expect(checkActionOrigin('https://connect.example.com', host)).toBe(true);
  });
});
