import { isIP } from 'node:net';

/**
 * Which IP addresses a webhook may be sent to. Live endpoints must reach the public internet only:
 * anything that lands inside our own network (loopback, private ranges, link-local and the cloud
 * metadata service, CGNAT, …) would turn the dispatcher into a proxy into our infrastructure (SSRF).
 * Addresses are compared as bytes so that every spelling (`::ffff:127.0.0.1`, `0x7f.1`, …) that the
 * socket layer would accept is judged by what it really is.
 */

export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

interface Range {
  bytes: number[];
  bits: number;
  kind: Exclude<AddressClass, 'public'>;
}

const V4_RANGES: Range[] = [
  { bytes: [0, 0, 0, 0], bits: 8, kind: 'reserved' }, // "this network"
  { bytes: [10, 0, 0, 0], bits: 8, kind: 'private' },
  { bytes: [100, 64, 0, 0], bits: 10, kind: 'private' }, // CGNAT
  { bytes: [127, 0, 0, 0], bits: 8, kind: 'loopback' },
  { bytes: [169, 254, 0, 0], bits: 16, kind: 'link-local' }, // incl. metadata 169.254.169.254
  { bytes: [172, 16, 0, 0], bits: 12, kind: 'private' },
  { bytes: [192, 0, 0, 0], bits: 24, kind: 'reserved' }, // IETF protocol assignments
  { bytes: [192, 0, 2, 0], bits: 24, kind: 'reserved' }, // TEST-NET-1
  { bytes: [192, 88, 99, 0], bits: 24, kind: 'reserved' }, // 6to4 relay anycast
  { bytes: [192, 168, 0, 0], bits: 16, kind: 'private' },
  { bytes: [198, 18, 0, 0], bits: 15, kind: 'reserved' }, // benchmarking
  { bytes: [198, 51, 100, 0], bits: 24, kind: 'reserved' }, // TEST-NET-2
  { bytes: [203, 0, 113, 0], bits: 24, kind: 'reserved' }, // TEST-NET-3
  { bytes: [224, 0, 0, 0], bits: 4, kind: 'reserved' }, // multicast
  { bytes: [240, 0, 0, 0], bits: 4, kind: 'reserved' }, // reserved + broadcast
];

const V6_RANGES: Range[] = [
  { bytes: [0xfc], bits: 7, kind: 'private' }, // unique local fc00::/7
  { bytes: [0xfe, 0x80], bits: 10, kind: 'link-local' },
  { bytes: [0xfe, 0xc0], bits: 10, kind: 'private' }, // deprecated site-local
  { bytes: [0xff], bits: 8, kind: 'reserved' }, // multicast
  { bytes: [0x20, 0x01, 0x0d, 0xb8], bits: 32, kind: 'reserved' }, // documentation
  { bytes: [0x01, 0x00, 0, 0, 0, 0, 0, 0], bits: 64, kind: 'reserved' }, // discard-only
  { bytes: [0x20, 0x01, 0x00, 0x00], bits: 23, kind: 'reserved' }, // IETF assignments, incl. Teredo
  { bytes: [0x3f, 0xff], bits: 20, kind: 'reserved' }, // documentation (3fff::/20)
];

/**
 * Cloud metadata services outside link-local space: never a webhook target, whatever the settings.
 * (169.254.169.254 and fe80::/10 are link-local, refused as such.)
 */
const METADATA_ADDRESSES = [
  Uint8Array.from([100, 100, 100, 200]), // Alibaba Cloud (inside CGNAT space)
  Uint8Array.from([192, 0, 0, 192]), // Oracle Cloud
];
const METADATA_V6 = [
  // AWS fd00:ec2::254
  Uint8Array.from([0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54]),
];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function inRange(address: Uint8Array, range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : NaN));
  if (bytes.some((b) => !(b >= 0 && b <= 255))) return undefined;
  return Uint8Array.from(bytes);
}

function parseIPv6(text: string): Uint8Array | undefined {
  if (text.includes('%')) return undefined; // zone ids only make sense for link-local addresses
  let head = text;
  let tailV4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (!tailV4) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  for (const [i, group] of all.entries()) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  if (tailV4) bytes.set(tailV4, 12);
  return bytes;
}

function classifyV4(bytes: Uint8Array): AddressClass {
  if (METADATA_ADDRESSES.some((m) => sameBytes(m, bytes))) return 'metadata';
  return V4_RANGES.find((r) => inRange(bytes, r))?.kind ?? 'public';
}

function classifyV6(bytes: Uint8Array): AddressClass {
  const isZeroPrefix = (n: number) => bytes.subarray(0, n).every((b) => b === 0);
  const embedded = () => classifyV4(bytes.subarray(12));
  if (METADATA_V6.some((m) => sameBytes(m, bytes))) return 'metadata';
  if (isZeroPrefix(15) && bytes[15] === 1) return 'loopback'; // ::1
  if (isZeroPrefix(16)) return 'reserved'; // ::
  // Forms that carry an IPv4 address the network may route as such are judged by that address:
  // IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, IPv4-compatible ::/96, NAT64
  // 64:ff9b::/96 and 6to4 2002::/16.
  if (isZeroPrefix(10) && bytes[10] === 0xff && bytes[11] === 0xff) return embedded();
  if (isZeroPrefix(8) && bytes[8] === 0xff && bytes[9] === 0xff && !bytes[10] && !bytes[11])
    return embedded();
  if (isZeroPrefix(12)) return embedded();
  if (inRange(bytes, { bytes: [0, 0x64, 0xff, 0x9b], bits: 96, kind: 'reserved' }))
    return embedded();
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyV4(bytes.subarray(2, 6));
  // Local-use NAT64 64:ff9b:1::/48 translates into the operator's own network: private at best.
  if (inRange(bytes, { bytes: [0, 0x64, 0xff, 0x9b, 0, 0x01], bits: 48, kind: 'private' })) {
    const inner = embedded();
    return inner === 'public' ? 'private' : inner;
  }
  const special = V6_RANGES.find((r) => inRange(bytes, r))?.kind;
  if (special) return special;
  // Only global unicast (2000::/3) is public; everything else is unassigned or special.
  return (bytes[0]! & 0xe0) === 0x20 ? 'public' : 'reserved';
}

/** Classifies an IP address literal; undefined when `address` is not an IP address. */
export function classifyAddress(address: string): AddressClass | undefined {
  const plain = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(plain);
  if (family === 4) {
    const bytes = parseIPv4(plain);
    return bytes ? classifyV4(bytes) : undefined;
  }
  if (family === 6) {
    const bytes = parseIPv6(plain);
    return bytes ? classifyV6(bytes) : 'reserved';
  }
  return undefined;
}

/**
 * Whether an environment may send webhooks to an address. Live: public addresses only. Sandbox: also
 * loopback and private addresses when `allowPrivate` (WEBHOOK_ALLOW_PRIVATE: a developer's machine);
 * link-local, metadata and reserved addresses never.
 */
export function isAllowedAddress(
  address: string,
  environment: 'sandbox' | 'live',
  allowPrivate = false,
): boolean {
  const kind = classifyAddress(address);
  if (kind === 'public') return true;
  return environment === 'sandbox' && allowPrivate && (kind === 'loopback' || kind === 'private');
}

/** Whether a URL's host is this machine (a loopback address, `localhost` or a `*.localhost` name). */
export function isLoopbackUrl(raw: string): boolean {
  let host: string;
  try {
    host = new URL(raw).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return classifyAddress(host) === 'loopback';
}
