import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { Environment } from '../db/schema';
import { classifyAddress, isAllowedAddress } from './address-safety';
import { classifyNetworkError } from './error-class';
import type { WebhookErrorClass } from './error-class';
import { parseWebhookUrl, resolveHost } from './url-check';
import type { ResolveHost } from './url-check';

/** A receiver sending more than this is cut off (the socket is dropped instead of drained). */
const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * What an attempt learnt. A receiver's body is counted and thrown away: it is never kept, so the
 * delivery log cannot be used to read whatever answered (SSRF).
 */
export interface SendResult {
  statusCode: number | null;
  /** Why no response arrived (network error, timeout, refused address); null when one did. */
  error: WebhookErrorClass | null;
  /** Bytes of response body received (up to the drain cap); null when no response arrived. */
  responseBytes: number | null;
  retryAfter: string | undefined;
  durationMs: number;
}

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  code = 'EBLOCKEDADDRESS';
}

/**
 * A `lookup` for sockets that resolves the host once, refuses the whole host if any address is not
 * allowed for the environment, and hands the checked address to `connect`. The connection goes to the
 * address that was checked, so a DNS answer that changes between check and connect (rebinding) cannot
 * slip an internal address in.
 */
export function safeLookup(
  environment: Environment,
  resolve: ResolveHost,
  allowPrivate = false,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = addresses
          .map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
          .filter((a) => family === 0 || a.family === family);
        const blocked = addresses.find((a) => !isAllowedAddress(a, environment, allowPrivate));
        if (blocked !== undefined || usable.length === 0) {
          const error = new BlockedAddressError(
            blocked !== undefined
              ? `${hostname} resolves to an address webhooks may not be sent to`
              : `${hostname} has no usable address`,
          );
          callback(error as NodeJS.ErrnoException, '', 4);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
}

export interface Sender {
  send(input: {
    url: string;
    environment: Environment;
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
  }): Promise<SendResult>;
  close(): void;
}

/**
 * The last line of defence against rebinding and anything that bypasses `safeLookup`: the address a
 * socket actually connected to must be allowed too. Sockets are judged once (keep-alive reuses them).
 */
function guardSocket(
  socket: Socket,
  environment: Environment,
  allowPrivate: boolean,
  judged: WeakSet<Socket>,
): void {
  if (judged.has(socket)) return;
  const judge = () => {
    judged.add(socket);
    const address = socket.remoteAddress;
    if (address === undefined || !isAllowedAddress(address, environment, allowPrivate)) {
      socket.destroy(
        new BlockedAddressError('connected to an address webhooks may not be sent to'),
      );
    }
  };
  if (socket.connecting || socket.remoteAddress === undefined) socket.once('connect', judge);
  else judge();
}

/** An HTTP sender with keep-alive connection pools per environment and scheme. */
export function createSender(
  opts: { resolve?: ResolveHost; maxSockets?: number; allowPrivate?: boolean } = {},
): Sender {
  const resolve = opts.resolve ?? resolveHost;
  const allowPrivate = opts.allowPrivate ?? false;
  const judged = new WeakSet<Socket>();
  const agents = new Map<string, http.Agent>();
  const agentFor = (environment: Environment, protocol: string): http.Agent => {
    const key = `${environment}:${protocol}`;
    let agent = agents.get(key);
    if (!agent) {
      const options = {
        keepAlive: true,
        maxSockets: opts.maxSockets ?? 64,
        lookup: safeLookup(environment, resolve, allowPrivate),
      };
      agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      agents.set(key, agent);
    }
    return agent;
  };

  return {
    async send({ url: raw, environment, headers, body, timeoutMs }) {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      let url: URL;
      try {
        // Scheme and literal addresses are checked again at send time; names via safeLookup.
        url = parseWebhookUrl(raw, environment, allowPrivate).url;
      } catch {
        return failed(isLiteralAddressUrl(raw) ? 'blocked_address' : 'invalid_url', elapsed());
      }
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<SendResult>((resolveResult) => {
        const request = transport.request(url, {
          method: 'POST',
          agent: agentFor(environment, url.protocol),
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        request.on('socket', (socket) => guardSocket(socket, environment, allowPrivate, judged));
        request.on('error', (error: NodeJS.ErrnoException) => {
          resolveResult(failed(classifyNetworkError(error), elapsed()));
        });
        request.on('response', (response) => {
          let seen = 0;
          response.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > MAX_DRAIN_BYTES) response.destroy();
          });
          const finish = () =>
            resolveResult({
              statusCode: response.statusCode ?? null,
              error: null,
              responseBytes: Math.min(seen, MAX_DRAIN_BYTES),
              retryAfter: headerValue(response.headers['retry-after']),
              durationMs: elapsed(),
            });
          response.on('end', finish);
          // A cut-off or reset body still carries a status code, which is what counts.
          response.on('close', finish);
          response.on('error', () => undefined);
        });
        request.end(body);
      });
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** Whether a URL names its host by an IP address (then a refusal is about the address). */
function isLiteralAddressUrl(raw: string): boolean {
  try {
    return classifyAddress(new URL(raw).hostname) !== undefined;
  } catch {
    return false;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function failed(error: WebhookErrorClass, durationMs: number): SendResult {
  return { statusCode: null, error, responseBytes: null, retryAfter: undefined, durationMs };
}
