import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../lib/db/client';
import { customers } from '../lib/db/schema';
import { createWebhookEndpoint, enqueueEvent } from '../lib/webhooks';
import { startReceiver } from '../lib/webhooks/testing';
const dir = mkdtempSync(path.join(tmpdir(), 'x-'));
const h = await openPglite(dir);
const r = await startReceiver();
await h.db.insert(customers).values({ id: 'c', name: 'c' });
await createWebhookEndpoint(h.db, 'sandbox', { customerId: 'c', url: r.url }, { appSecret: 'x'.repeat(40) });
await h.db.transaction(async (tx) => { for (let i = 0; i < 100; i++) await enqueueEvent(tx, 'sandbox', { customerId: 'c', type: 'device.connected', data: {} }); });
await h.close();
const t0 = Date.now();
const ts = () => Date.now() - t0;
for (let round = 0; round < 4; round++) {
  const before = r.received.length;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/webhook-kill-test.ts', '--child', '--data-dir', dir, '--customer', 'c', '--produce-until', '0'], { env: { ...process.env, KILL_TEST_APP_SECRET: 'x'.repeat(40) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = ts();
  await new Promise<void>((res) => child.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('ready')) res(); }));
  console.log('round', round, 'ready after', ts() - started);
  await new Promise((res) => setTimeout(res, 1500));
  console.log('  received in 1.5s after ready', r.received.length - before);
  child.kill('SIGKILL');
  await new Promise((res) => child.once('exit', res));
}
await r.close();
