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
  it('adds loopback in sandbox, never the metadata service or private ranges', () => {
    expect(isAllowedAddress('127.0.0.1', 'sandbox')).toBe(true);
    expect(isAllowedAddress('::1', 'sandbox')).toBe(true);
    expect(isAllowedAddress('169.254.169.254', 'sandbox')).toBe(false);
    expect(isAllowedAddress('10.0.0.1', 'sandbox')).toBe(false);
  });
});

describe('webhook URL checks', () => {
  const publicDns = async () => ['93.184.216.34'];
  const loopbackDns = async () => ['127.0.0.1'];
  const mixedDns = async () => ['93.184.216.34', '10.0.0.7'];

  it('accepts an https URL on a public address in live', async () => {
    const url = await checkWebhookUrl('https://hooks.example.com/in', 'live', publicDns);
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
    const check = checkWebhookUrl(url, 'live', dns);
    await expect(check).rejects.toBeInstanceOf(WebhookUrlError);
    await expect(check).rejects.toThrow(message);
  });

  it('lets sandbox use http:// and loopback, not the metadata service', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', 'sandbox')).resolves.toBeInstanceOf(
      URL,
    );
    await expect(
      checkWebhookUrl('http://localhost:8080/hook', 'sandbox', loopbackDns),
    ).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://169.254.169.254/', 'sandbox')).rejects.toBeInstanceOf(
      WebhookUrlError,
    );
  });

  it('reports an unresolvable host', async () => {
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(checkWebhookUrl('https://nope.example.com/', 'live', failing)).rejects.toThrow(
      /resolved/,
    );
  });

  it('needs no DNS for literal addresses', () => {
    expect(parseWebhookUrl('https://8.8.8.8/x', 'live').hostToResolve).toBeUndefined();
    expect(parseWebhookUrl('https://a.example.com/x', 'live').hostToResolve).toBe('a.example.com');
  });
});
