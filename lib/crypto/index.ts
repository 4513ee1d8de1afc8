import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM with a key derived (HKDF-SHA256) from APP_SECRET.
 * Stored form: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id is the first
 * 8 hex characters of SHA-256 of the derived key, so a rotated APP_SECRET can be told apart and
 * old rows can be re-encrypted with `decryptSecret(..., [newSecret, oldSecret])`.
 */

const VERSION = 'v1';
const keyCache = new Map<string, { key: Buffer; id: string }>();

function deriveKey(rootSecret: string, purpose: string): { key: Buffer; id: string } {
  const cacheKey = `${purpose}\0${rootSecret}`;
  let entry = keyCache.get(cacheKey);
  if (!entry) {
    const key = Buffer.from(hkdfSync('sha256', rootSecret, 'auth-journey', purpose, 32));
    entry = { key, id: createHash('sha256').update(key).digest('hex').slice(0, 8) };
    keyCache.set(cacheKey, entry);
  }
  return entry;
}

/** Derives a 32-byte sub-key of APP_SECRET for one purpose (token signing, HMAC of identifiers…). */
export function deriveSubkey(rootSecret: string, purpose: string): Uint8Array {
  return deriveKey(rootSecret, purpose).key;
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** Encrypts `plaintext` with AES-256-GCM; `context` is bound as associated data (e.g. a row id). */
export function encryptSecret(plaintext: string, rootSecret: string, context = ''): string {
  const { key, id } = deriveKey(rootSecret, 'secrets-at-rest');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    id,
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/**
 * Decrypts a value made by `encryptSecret`. `rootSecrets` may list the current APP_SECRET and
 * previous ones; the stored key id picks the right one.
 */
export function decryptSecret(
  stored: string,
  rootSecrets: string | readonly string[],
  context = '',
): string {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError('Malformed secret');
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const candidates = typeof rootSecrets === 'string' ? [rootSecrets] : rootSecrets;
  const match = candidates.map((s) => deriveKey(s, 'secrets-at-rest')).find((k) => k.id === keyId);
  if (!match) throw new DecryptionError('Unknown encryption key');
  try {
    const decipher = createDecipheriv('aes-256-gcm', match.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new DecryptionError('Secret could not be decrypted');
  }
}

/** Keyed hash of an identifier (e.g. an OEM username): comparable without storing the value. */
export function hmacIdentifier(value: string, rootSecret: string, purpose: string): string {
  return createHmac('sha256', deriveKey(rootSecret, `hmac:${purpose}`).key)
    .update(value)
    .digest('base64url');
}

export function sha256Hex(value: string): string {
  // The one-shot form: no Hash object per call (API keys are hashed on every request).
  return hash('sha256', value, 'hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encodes bytes as base62 (big-endian), padded to `length` characters when given. */
export function toBase62(bytes: Uint8Array, length?: number): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return length ? out.padStart(length, '0') : out || '0';
}

/** `toBase62` of a 32-bit unsigned number (its 4 big-endian bytes), without BigInt arithmetic. */
export function uint32ToBase62(value: number, length: number): string {
  let n = value >>> 0;
  let out = '';
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(length, '0');
}

/** A random identifier with a type prefix, e.g. `dev_3kTq…` (128 bits). */
export function randomId(prefix: string): string {
  return `${prefix}_${toBase62(randomBytes(16), 22)}`;
}

/** A deterministic identifier with a type prefix, derived from `parts`. */
export function stableId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\0')).digest();
  return `${prefix}_${toBase62(digest.subarray(0, 16), 22)}`;
}
