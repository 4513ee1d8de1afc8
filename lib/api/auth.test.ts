import { describe, expect, it } from 'vitest';
import { presentedKey } from './auth';
import { ApiError } from './errors';

const KEY = 'amps_sk_test_abc';

describe('presentedKey', () => {
  it('reads x-api-key or Authorization: Bearer (any case, surrounding spaces)', () => {
    expect(presentedKey({ apiKey: KEY, authorization: undefined })).toBe(KEY);
    expect(presentedKey({ apiKey: undefined, authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(presentedKey({ apiKey: undefined, authorization: `bearer   ${KEY} ` })).toBe(KEY);
    expect(presentedKey({ apiKey: ` ${KEY} `, authorization: `Bearer ${KEY}` })).toBe(KEY);
  });

  it('treats absent or blank headers as no key', () => {
    expect(presentedKey({ apiKey: undefined, authorization: undefined })).toBeUndefined();
    expect(presentedKey({ apiKey: '  ', authorization: '' })).toBeUndefined();
  });

  it('rejects other schemes and two different keys as an invalid key', () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', KEY]) {
      const result = presentedKey({ apiKey: undefined, authorization });
      expect(result).toBeInstanceOf(ApiError);
      expect((result as ApiError).code).toBe('INVALID_API_KEY');
    }
    const both = presentedKey({ apiKey: `${KEY}1`, authorization: `Bearer ${KEY}2` });
    expect((both as ApiError).code).toBe('INVALID_API_KEY');
  });
});
