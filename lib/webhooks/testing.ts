import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Test helpers: a real local webhook receiver and an independent Standard Webhooks verifier written
 * from the specification (not the library the dispatcher signs with), used by tests and scripts.
 */

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ReceiverResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the socket stays open until the receiver closes). */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Decides the answer for each request; default 200. */
  respond: (request: ReceivedWebhook) => ReceiverResponse | Promise<ReceiverResponse>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (port 0 = a free one). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    respond: () => ({ status: 200 }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.received.push(request);
      void Promise.resolve(receiver.respond(request)).then((answer) => {
        if (answer.hang) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

/**
 * Verifies a Standard Webhooks signature: HMAC-SHA256 with the base64-decoded key after `whsec_`, over
 * `${id}.${timestamp}.${body}`, against any `v1,` signature of the header, with a timestamp within
 * `toleranceSeconds` of `now`.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return false;
  if (!/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
