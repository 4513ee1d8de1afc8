import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  DecryptionError,
  encryptSecret,
  hmacIdentifier,
  randomId,
  stableId,
  toBase62,
  uint32ToBase62,
} from './index';

const secret = 'a'.repeat(48);
const other = 'b'.repeat(48);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips and never contains the plaintext', () => {
    const stored = encryptSecret('oem-token-123', secret, 'cred_1');
    expect(stored).not.toContain('oem-token-123');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(decryptSecret(stored, secret, 'cred_1')).toBe('oem-token-123');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('x', secret)).not.toBe(encryptSecret('x', secret));
  });

  it('rejects the wrong key, a different context and a tampered ciphertext', () => {
    const stored = encryptSecret('value', secret, 'ctx');
    expect(() => decryptSecret(stored, other, 'ctx')).toThrow(DecryptionError);
    expect(() => decryptSecret(stored, secret, 'other-ctx')).toThrow(DecryptionError);
    const parts = stored.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), secret, 'ctx')).toThrow(DecryptionError);
    expect(() => decryptSecret('garbage', secret)).toThrow(DecryptionError);
  });

  it('decrypts with a previous secret after rotation via the stored key id', () => {
    const stored = encryptSecret('value', other);
    expect(decryptSecret(stored, [secret, other])).toBe('value');
  });
});

describe('identifiers', () => {
  it('hmacIdentifier is stable per secret and purpose', () => {
    expect(hmacIdentifier('user', secret, 'p')).toBe(hmacIdentifier('user', secret, 'p'));
    expect(hmacIdentifier('user', secret, 'p')).not.toBe(hmacIdentifier('user', other, 'p'));
    expect(hmacIdentifier('user', secret, 'p')).not.toBe(hmacIdentifier('user', secret, 'q'));
  });

  it('randomId and stableId carry their prefix and fixed length', () => {
    expect(randomId('dev')).toMatch(/^dev_[0-9A-Za-z]{22}$/);
    expect(stableId('dev', 'a', 'b')).toBe(stableId('dev', 'a', 'b'));
    expect(stableId('dev', 'a', 'b')).not.toBe(stableId('dev', 'ab', ''));
  });

  it('toBase62 encodes and pads', () => {
    expect(toBase62(new Uint8Array([0]))).toBe('0');
    expect(toBase62(new Uint8Array([61]))).toBe('z');
    expect(toBase62(new Uint8Array([62]))).toBe('10');
    expect(toBase62(new Uint8Array([1]), 4)).toBe('0001');
  });

  it('uint32ToBase62 equals toBase62 of the same four bytes', () => {
    const values = [0, 1, 61, 62, 3843, 3844, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    for (let i = 0; i < 200; i++) values.push(Math.floor(Math.random() * 2 ** 32));
    for (const value of values) {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value);
      expect(uint32ToBase62(value, 6), String(value)).toBe(toBase62(bytes, 6));
    }
  });
});
