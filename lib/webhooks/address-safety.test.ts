import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedAddress } from './address-safety';
import { checkWebhookUrl, parseWebhookUrl, WebhookUrlError } from './url-check';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['fc12:3456::1', 'private'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('is undefined for host names', () => {
    expect(classifyAddress('example.com')).toBeUndefined();
    expect(classifyAddress('localhost')).toBeUndefined();
  });
});

describe('isAllowedAddress', () => {
  it('allows only public addresses in live', () => {
    expect(isAllowedAddress('8.8.8.8', 'live')).toBe(true);
    expect(isAllowedAddress('127.0.0.1', 'live')).toBe(false);
    expect(isAllowedAddress('::1', 'live')).toBe(false);
  });
  it('allows only public addresses in sandbox unless private targets are allowed', () => {
    expect(isAllowedAddress('8.8.8.8', 'sandbox')).toBe(true);
    expect(isAllowedAddress('127.0.0.1', 'sandbox')).toBe(false);
    expect(isAllowedAddress('::1', 'sandbox')).toBe(false);
    expect(isAllowedAddress('10.0.0.1', 'sandbox')).toBe(false);
  });
  it('with private targets allowed, adds loopback and private ranges, never link-local or metadata', () => {
    expect(isAllowedAddress('127.0.0.1', 'sandbox', true)).toBe(true);
    expect(isAllowedAddress('::1', 'sandbox', true)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', 'sandbox', true)).toBe(true);
    expect(isAllowedAddress('fd12::1', 'sandbox', true)).toBe(true);
    expect(isAllowedAddress('169.254.169.254', 'sandbox', true)).toBe(false);
    expect(isAllowedAddress('fe80::1', 'sandbox', true)).toBe(false);
    expect(isAllowedAddress('fd00:ec2::254', 'sandbox', true)).toBe(false);
    expect(isAllowedAddress('100.100.100.200', 'sandbox', true)).toBe(false);
    expect(isAllowedAddress('0.0.0.0', 'sandbox', true)).toBe(false);
    // Never for live.
    expect(isAllowedAddress('127.0.0.1', 'live', true)).toBe(false);
    expect(isAllowedAddress('10.0.0.1', 'live', true)).toBe(false);
  });
  it('judges IPv6 forms that embed IPv4 by the embedded address', () => {
    for (const address of [
      '::ffff:127.0.0.1',
      '::ffff:0:7f00:1', // IPv4-translated ::ffff:0:0/96
      '::127.0.0.1',
      '64:ff9b::7f00:1', // NAT64
      '64:ff9b::a00:1',
      '64:ff9b:1::a00:1', // local-use NAT64 64:ff9b:1::/48
      '64:ff9b:1::808:808', // translated into the operator's network, so never public
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:a9fe:a9fe::', // 6to4 of 169.254.169.254
    ]) {
      expect(isAllowedAddress(address, 'live'), address).toBe(false);
    }
    expect(classifyAddress('::ffff:0:a9fe:a9fe')).toBe('link-local');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
    expect(classifyAddress('2002:808:808::1')).toBe('public');
  });
  it('treats only global unicast as public IPv6', () => {
    expect(classifyAddress('2606:4700::1111')).toBe('public');
    for (const address of ['4000::1', 'e000::1', '100::1', '3fff::1', '2001:2::1', '2001::1']) {
      expect(classifyAddress(address), address).not.toBe('public');
    }
  });
});

describe('webhook URL checks', () => {
  const publicDns = async () => ['93.184.216.34'];
  const loopbackDns = async () => ['127.0.0.1'];
  const mixedDns = async () => ['93.184.216.34', '10.0.0.7'];

  it('accepts an https URL on a public address in live', async () => {
    const url = await checkWebhookUrl('https://hooks.example.com/in', 'live', {
      resolve: publicDns,
    });
    expect(url.hostname).toBe('hooks.example.com');
  });

  it.each([
    ['http://hooks.example.com/in', publicDns, /https/],
    ['https://127.0.0.1/in', publicDns, /public/],
    ['https://[::1]/in', publicDns, /public/],
    ['https://[::ffff:127.0.0.1]/in', publicDns, /public/],
    ['https://0x7f.1/in', publicDns, /public/],
    ['https://2130706433/in', publicDns, /public/],
    ['https://169.254.169.254/latest/meta-data', publicDns, /public/],
    ['https://localhost/in', loopbackDns, /public/],
    ['https://rebind.example.com/in', loopbackDns, /public/],
    ['https://mixed.example.com/in', mixedDns, /public/],
    ['https://user:pw@hooks.example.com/in', publicDns, /credentials/],
    ['ftp://hooks.example.com/in', publicDns, /https/],
    ['not a url', publicDns, /valid/],
  ])('refuses %s in live', async (url, dns, message) => {
    const check = checkWebhookUrl(url, 'live', { resolve: dns });
    await expect(check).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(check).rejects.toThrow(message);
  });

  it('lets sandbox use http://, and loopback only when private targets are allowed', async () => {
    const allowed = { allowPrivate: true };
    await expect(
      checkWebhookUrl('http://127.0.0.1:8080/hook', 'sandbox', allowed),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkWebhookUrl('http://localhost:8080/hook', 'sandbox', {
        ...allowed,
        resolve: loopbackDns,
      }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkWebhookUrl('http://169.254.169.254/', 'sandbox', allowed),
    ).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', 'sandbox')).rejects.toThrow(
      /public internet addresses\.$/,
    );
    await expect(
      checkWebhookUrl('http://localhost:8080/hook', 'sandbox', { resolve: loopbackDns }),
    ).rejects.toBeInstanceOf(WebhookUrlError);
  });

  it('reports an unresolvable host', async () => {
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(
      checkWebhookUrl('https://nope.example.com/', 'live', { resolve: failing }),
    ).rejects.toThrow(/resolved/);
  });

  it('needs no DNS for literal addresses', () => {
    expect(parseWebhookUrl('https://8.8.8.8/x', 'live').hostToResolve).toBeUndefined();
    expect(parseWebhookUrl('https://a.example.com/x', 'live').hostToResolve).toBe('a.example.com');
  });
});
