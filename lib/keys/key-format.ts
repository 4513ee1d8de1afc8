import { hash, randomBytes } from 'node:crypto';
import { sha256Hex, toBase62, uint32ToBase62 } from '../crypto';
import type { Environment } from '../db/schema';

/**
 * API key format: `amps_sk_{test|live}_` + 32 random bytes in base62 (43 characters) + a 6-character
 * base62 checksum of SHA-256 over everything before it. The checksum lets secret scanners (and our own
 * auth middleware) reject a mistyped or invented key without a database lookup.
 */

const ENV_TAG = { sandbox: 'test', live: 'live' } as const satisfies Record<Environment, string>;
const RANDOM_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
/** Characters of the random part kept in the stored, non-secret display prefix. */
const DISPLAY_RANDOM_CHARS = 4;

const KEY_PATTERN = /^amps_sk_(test|live)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

export const API_KEY_LENGTH = 'amps_sk_test_'.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

function keyPrefix(environment: Environment): string {
  return `amps_sk_${ENV_TAG[environment]}_`;
}

/** 32 bits of SHA-256 always fit in 6 base62 characters (62^6 > 2^32). */
function checksumOf(body: string): string {
  // Every request's key is checked: the one-shot digest and 32-bit arithmetic keep this cheap.
  return uint32ToBase62(hash('sha256', body, 'buffer').readUInt32BE(0), CHECKSUM_LENGTH);
}

export interface GeneratedApiKey {
  key: string;
  /** SHA-256 (hex) of the key: the only form stored. */
  hash: string;
  /** Non-secret prefix shown in listings, e.g. `amps_sk_test_4fZq`. */
  displayPrefix: string;
}

export function generateApiKey(environment: Environment): GeneratedApiKey {
  const body = keyPrefix(environment) + toBase62(randomBytes(32), RANDOM_LENGTH);
  const key = body + checksumOf(body);
  return {
    key,
    hash: hashApiKey(key),
    displayPrefix: body.slice(0, keyPrefix(environment).length + DISPLAY_RANDOM_CHARS),
  };
}

/** Format and checksum check only (no database): the key's environment, or null when malformed. */
export function parseApiKey(key: string): { environment: Environment } | null {
  if (key.length !== API_KEY_LENGTH) return null;
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const body = key.slice(0, key.length - CHECKSUM_LENGTH);
  if (checksumOf(body) !== match[3]) return null;
  return { environment: match[1] === 'live' ? 'live' : 'sandbox' };
}

/** The environment a key's prefix names (no checksum check: for keys already matched by hash). */
export function environmentOfKey(key: string): Environment | null {
  if (key.startsWith('amps_sk_test_')) return 'sandbox';
  if (key.startsWith('amps_sk_live_')) return 'live';
  return null;
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}
