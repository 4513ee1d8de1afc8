import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../lib/db/client';
import { customers } from '../lib/db/schema';
import { createWebhookEndpoint, enqueueEvent, notifyDispatcher, startDispatcher } from '../lib/webhooks';
import { startReceiver } from '../lib/webhooks/testing';
const produce = process.argv[2] === 'produce';
const h = await openPglite(mkdtempSync(path.join(tmpdir(), 'x-')));
const r = await startReceiver();
r.respond = async () => { await new Promise((res) => setTimeout(res, 50)); return { status: 200 }; };
await h.db.insert(customers).values({ id: 'c', name: 'c' });
await createWebhookEndpoint(h.db, 'sandbox', { customerId: 'c', url: r.url }, { appSecret: 'x'.repeat(40) });
const t0 = performance.now();
const ts = () => Math.round(performance.now() - t0);
if (!produce) await h.db.transaction(async (tx) => { for (let i = 0; i < 100; i++) await enqueueEvent(tx, 'sandbox', { customerId: 'c', type: 'device.connected', data: {} }); });
let done = 0;
const d = startDispatcher({ db: h.db, appSecret: 'x'.repeat(40), retrySchedule: [0, 1, 1], concurrency: 4, leaseMs: 1500, pollIntervalMs: 100,
  log: (e) => { if (e.event === 'webhook.attempt') { done++; if (done % 10 === 0 || Number(e.totalMs) > 300) console.log(ts(), done, Math.round(Number(e.totalMs)), e.superseded); } } });
if (produce) for (let i = 0; i < 20; i++) { await h.db.transaction(async (tx) => { for (let j = 0; j < 5; j++) await enqueueEvent(tx, 'sandbox', { customerId: 'c', type: 'device.connected', data: {} }); }); notifyDispatcher(); await new Promise((res) => setTimeout(res, 100)); }
while (done < 100) await new Promise((res) => setTimeout(res, 50));
console.log('total ms', ts());
await d.stop(); await r.close(); await h.close();
