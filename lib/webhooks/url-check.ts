import { lookup } from 'node:dns/promises';
import type { Environment } from '../db/schema';
import { classifyAddress, isAllowedAddress } from './address-safety';

/** A webhook URL that may not be used; `message` is safe to show to the customer. */
export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
}

export type ResolveHost = (host: string) => Promise<string[]>;

/** Resolves a host name to every address the system resolver returns (A and AAAA). */
export const resolveHost: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export const MAX_URL_LENGTH = 2048;

/**
 * Parses and checks a webhook URL for an environment without touching the network: scheme, shape and,
 * for IP literals, the address. Returns the parsed URL and the host name to resolve (undefined for a
 * literal address).
 */
export function parseWebhookUrl(
  raw: string,
  environment: Environment,
  allowPrivate = false,
): { url: URL; hostToResolve: string | undefined } {
  if (raw.length > MAX_URL_LENGTH) throw new WebhookUrlError('The URL is too long.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('The URL is not a valid absolute URL.');
  }
  const allowed = environment === 'live' ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) {
    throw new WebhookUrlError(
      environment === 'live'
        ? 'Live webhook URLs must use https://.'
        : 'Webhook URLs must use http:// or https://.',
    );
  }
  if (url.username || url.password) {
    throw new WebhookUrlError('Webhook URLs may not contain credentials.');
  }
  if (url.hash) throw new WebhookUrlError('Webhook URLs may not contain a fragment.');
  const host = url.hostname;
  if (classifyAddress(host) !== undefined) {
    assertAllowedAddress(host, environment, allowPrivate);
    return { url, hostToResolve: undefined };
  }
  if (!host.includes('.') && host !== 'localhost') {
    throw new WebhookUrlError('The URL host must be a fully qualified domain name.');
  }
  return { url, hostToResolve: host };
}

export function assertAllowedAddress(
  address: string,
  environment: Environment,
  allowPrivate = false,
): void {
  if (!isAllowedAddress(address, environment, allowPrivate)) {
    throw new WebhookUrlError(
      environment === 'live'
        ? 'Live webhook URLs must resolve to public internet addresses.'
        : allowPrivate
          ? 'Webhook URLs must resolve to public internet addresses or to loopback or private addresses (never link-local or metadata addresses).'
          : 'Webhook URLs must resolve to public internet addresses.',
    );
  }
}

/** How a webhook URL's addresses are judged: the resolver, and whether private targets are allowed. */
export interface UrlCheckOptions {
  resolve?: ResolveHost;
  /** Sandbox only: loopback and private targets allowed (config.webhookAllowPrivate). */
  allowPrivate?: boolean;
}

/**
 * Checks a webhook URL as it would be used now: shape, then every address its host resolves to (all
 * must be allowed, so that a mixed DNS answer cannot be used to reach an internal address).
 */
export async function checkWebhookUrl(
  raw: string,
  environment: Environment,
  options: UrlCheckOptions = {},
): Promise<URL> {
  const { resolve = resolveHost, allowPrivate = false } = options;
  const { url, hostToResolve } = parseWebhookUrl(raw, environment, allowPrivate);
  if (hostToResolve === undefined) return url;
  let addresses: string[];
  try {
    addresses = await resolve(hostToResolve);
  } catch {
    throw new WebhookUrlError(`The host ${hostToResolve} could not be resolved.`);
  }
  if (addresses.length === 0)
    throw new WebhookUrlError(`The host ${hostToResolve} could not be resolved.`);
  for (const address of addresses) assertAllowedAddress(address, environment, allowPrivate);
  return url;
}
