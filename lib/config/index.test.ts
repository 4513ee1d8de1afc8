import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './index';

const base = { APP_SECRET: 's'.repeat(40), PUBLIC_BASE_URL: 'http://localhost:3000' };

describe('SANDBOX_RATE_LIMIT', () => {
  it('defaults to 25 requests a second per sandbox key', () => {
    expect(parseConfig(base).sandboxRateLimit).toBe(25);
    expect(parseConfig({ ...base, SANDBOX_RATE_LIMIT: '' }).sandboxRateLimit).toBe(25);
  });

  it('takes a positive whole number up to 100000', () => {
    expect(parseConfig({ ...base, SANDBOX_RATE_LIMIT: '5' }).sandboxRateLimit).toBe(5);
    expect(parseConfig({ ...base, SANDBOX_RATE_LIMIT: '100000' }).sandboxRateLimit).toBe(100_000);
  });

  it.each(['0', '-1', '2.5', 'fast', '100001', '1e3'])(
    'refuses %j with a clear message',
    (value) => {
      expect(() => parseConfig({ ...base, SANDBOX_RATE_LIMIT: value })).toThrow(ConfigError);
      expect(() => parseConfig({ ...base, SANDBOX_RATE_LIMIT: value })).toThrow(
        /SANDBOX_RATE_LIMIT: must be/,
      );
    },
  );
});
