import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Environment } from '../db/schema';
import { isAllowedAddress } from './address-safety';
import { parseWebhookUrl, resolveHost } from './url-check';
import type { ResolveHost } from './url-check';

/** How much of a receiver's response body is kept (as the delivery's last error excerpt). */
export const RESPONSE_EXCERPT_BYTES = 4096;
/** A receiver sending more than this is cut off (the socket is dropped instead of drained). */
const MAX_DRAIN_BYTES = 1024 * 1024;

export interface SendResult {
  statusCode: number | null;
  /** Network error or timeout; null when a response arrived. */
  error: string | null;
  bodyExcerpt: string;
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
export function safeLookup(environment: Environment, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = addresses
          .map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
          .filter((a) => family === 0 || a.family === family);
        const blocked = addresses.find((a) => !isAllowedAddress(a, environment));
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

/** An HTTP sender with keep-alive connection pools per environment and scheme. */
export function createSender(opts: { resolve?: ResolveHost; maxSockets?: number } = {}): Sender {
  const resolve = opts.resolve ?? resolveHost;
  const agents = new Map<string, http.Agent>();
  const agentFor = (environment: Environment, protocol: string): http.Agent => {
    const key = `${environment}:${protocol}`;
    let agent = agents.get(key);
    if (!agent) {
      const options = {
        keepAlive: true,
        maxSockets: opts.maxSockets ?? 64,
        lookup: safeLookup(environment, resolve),
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
        url = parseWebhookUrl(raw, environment).url;
      } catch (error) {
        return failed(error instanceof Error ? error.message : 'invalid URL', elapsed());
      }
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<SendResult>((resolveResult) => {
        const request = transport.request(url, {
          method: 'POST',
          agent: agentFor(environment, url.protocol),
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        request.on('error', (error: NodeJS.ErrnoException) => {
          const message =
            error.name === 'AbortError' || error.name === 'TimeoutError'
              ? `timed out after ${timeoutMs} ms`
              : error instanceof BlockedAddressError
                ? error.message
                : `${error.code ?? 'ERROR'}: ${error.message}`;
          resolveResult(failed(message, elapsed()));
        });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          let seen = 0;
          response.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (kept < RESPONSE_EXCERPT_BYTES) {
              const part = chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept);
              chunks.push(part);
              kept += part.length;
            }
            if (seen > MAX_DRAIN_BYTES) response.destroy();
          });
          const finish = () =>
            resolveResult({
              statusCode: response.statusCode ?? null,
              error: null,
              bodyExcerpt: Buffer.concat(chunks).toString('utf8'),
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function failed(error: string, durationMs: number): SendResult {
  return { statusCode: null, error, bodyExcerpt: '', retryAfter: undefined, durationMs };
}
