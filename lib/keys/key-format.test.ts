import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_KEY_LENGTH, generateApiKey, hashApiKey, parseApiKey } from './key-format';

describe('API key format', () => {
  it('generates keys with the environment prefix, 43 random characters and a checksum', () => {
    const sandbox = generateApiKey('sandbox');
    const live = generateApiKey('live');
    expect(sandbox.key).toMatch(/^amps_sk_test_[0-9A-Za-z]{49}$/);
    expect(live.key).toMatch(/^amps_sk_live_[0-9A-Za-z]{49}$/);
    expect(sandbox.key).toHaveLength(API_KEY_LENGTH);
    expect(parseApiKey(sandbox.key)).toEqual({ environment: 'sandbox' });
    expect(parseApiKey(live.key)).toEqual({ environment: 'live' });
  });

  it('stores a non-secret display prefix and a SHA-256 hash, never the key', () => {
    const { key, hash, displayPrefix } = generateApiKey('sandbox');
    expect(displayPrefix).toBe(key.slice(0, 'amps_sk_test_'.length + 4));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(13, 30));
  });

  it('produces distinct keys', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey('sandbox').key));
    expect(keys.size).toBe(200);
  });

  it('rejects any single-character change (checksum or format)', () => {
    const { key } = generateApiKey('live');
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: key.length - 1 }),
        fc.constantFrom(...alphabet),
        (index, char) => {
          fc.pre(key[index] !== char);
          const mutated = key.slice(0, index) + char + key.slice(index + 1);
          expect(parseApiKey(mutated)).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects malformed keys without throwing', () => {
    const { key } = generateApiKey('sandbox');
    for (const bad of [
      '',
      'amps_sk_test_',
      key.slice(0, -1),
      `${key}0`,
      key.replace('amps_sk_test_', 'amps_sk_prod_'),
      key.replace('amps_sk_test_', 'amps_sk_live_'),
      ` ${key.slice(1)}`,
      key.toUpperCase(),
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => parseApiKey(s) === null));
  });
});
