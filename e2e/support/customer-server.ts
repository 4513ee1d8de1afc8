import { spawnSync } from 'node:child_process';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  type: string;
  data: Record<string, unknown>;
  verified: boolean;
}

/**
 * A customer's server: a page the journey redirects back to, and a webhook receiver that verifies
 * Standard Webhooks signatures with the endpoint secret and deduplicates on webhook-id.
 */
export class CustomerServer {
  readonly received: ReceivedWebhook[] = [];
  secret = '';
  private server: Server | undefined;
  private waiters: Array<() => void> = [];
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/hooks') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          this.receive(Buffer.concat(chunks).toString('utf8'), req.headers);
          res.writeHead(204).end();
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Customer app</title><h1>Customer app</h1>');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private receive(body: string, headers: IncomingHttpHeaders) {
    const id = String(headers['webhook-id'] ?? '');
    if (this.received.some((w) => w.id === id)) return;
    let verified = false;
    let payload: { type?: string; data?: Record<string, unknown> };
    try {
      payload = new Webhook(this.secret).verify(body, {
        'webhook-id': id,
        'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(headers['webhook-signature'] ?? ''),
      }) as typeof payload;
      verified = true;
    } catch {
      payload = JSON.parse(body) as typeof payload;
    }
    this.received.push({ id, type: payload.type ?? '', data: payload.data ?? {}, verified });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once `count` webhooks of `type` (matching `where`) arrived; bounded by `timeoutMs`. */
  async waitFor(
    type: string,
    count: number,
    where: (w: ReceivedWebhook) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter((w) => w.type === type && where(w));
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`Timed out waiting for ${count} ${type} (have ${matching.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Runs the admin CLI against the running server's embedded database (through its socket). */
export function admin(...args: string[]): Record<string, string> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: process.env.E2E_DATA_DIR,
      PUBLIC_BASE_URL: process.env.E2E_BASE_URL,
      PORT: process.env.E2E_PORT,
      NODE_ENV: 'production',
    },
  });
  if (result.status !== 0) throw new Error(`admin ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

/** A customer with a Customer App redirecting to `server`, a sandbox key and a webhook endpoint. */
export function provisionCustomer(server: CustomerServer, name: string) {
  const { customerId } = admin('customer:create', '--name', name);
  const { appId } = admin(
    'app:create',
    '--customer',
    customerId!,
    '--name',
    `${name} App`,
    '--redirect-url',
    `${server.url}/done?tenant=1`,
    '--reconnect-redirect-url',
    `${server.url}/reconnected`,
  );
  const { key } = admin('key:create', '--customer', customerId!, '--env', 'sandbox');
  const { secret } = admin(
    'webhook:create',
    '--customer',
    customerId!,
    '--env',
    'sandbox',
    '--url',
    `${server.url}/hooks`,
  );
  server.secret = secret!;
  return { customerId: customerId!, appId: appId!, apiKey: key! };
}
