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

describe('WEBHOOK_ALLOW_PRIVATE and DEMO', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['http://app.localhost:3000', true],
    ['https://journey.example.com', false],
    ['http://10.0.0.5:3000', false],
    ['http://192.168.1.20', false],
  ])('default to on only for a loopback PUBLIC_BASE_URL: %s → %s', (url, expected) => {
    const config = parseConfig({ ...base, PUBLIC_BASE_URL: url });
    expect(config.webhookAllowPrivate).toBe(expected);
    expect(config.demo).toBe(expected);
  });

  it('default to on when PUBLIC_BASE_URL is unset (http://localhost:$PORT)', () => {
    const config = parseConfig({ APP_SECRET: base.APP_SECRET });
    expect(config.webhookAllowPrivate).toBe(true);
    expect(config.demo).toBe(true);
  });

  it('can be set either way', () => {
    const hosted = { ...base, PUBLIC_BASE_URL: 'https://journey.example.com' };
    expect(parseConfig({ ...hosted, WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(
      true,
    );
    expect(parseConfig({ ...hosted, DEMO: 'on' }).demo).toBe(true);
    expect(parseConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(
      false,
    );
    expect(parseConfig({ ...base, DEMO: 'off' }).demo).toBe(false);
    expect(() => parseConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, DEMO: 'true' })).toThrow(ConfigError);
  });
});

describe('JOURNEY_PSEUDO_LOCALE', () => {
  it('is off unless asked for', () => {
    expect(parseConfig(base).pseudoLocale).toBe(false);
    expect(parseConfig({ ...base, JOURNEY_PSEUDO_LOCALE: 'off' }).pseudoLocale).toBe(false);
    expect(parseConfig({ ...base, JOURNEY_PSEUDO_LOCALE: 'on' }).pseudoLocale).toBe(true);
    expect(() => parseConfig({ ...base, JOURNEY_PSEUDO_LOCALE: 'true' })).toThrow(
      /JOURNEY_PSEUDO_LOCALE/,
    );
  });
});
