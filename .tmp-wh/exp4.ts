import { openPglite } from '../lib/db/client';
import { customers } from '../lib/db/schema';
import { createWebhookEndpoint, enqueueEvent, startDispatcher } from '../lib/webhooks';
const mode = process.argv[3];
const t1 = Date.now();
const h = await openPglite(process.argv[2]);
console.log(mode, 'open', Date.now() - t1);
if (mode === 'seed') {
  await h.db.insert(customers).values({ id: 'c', name: 'c' });
  await createWebhookEndpoint(h.db, 'sandbox', { customerId: 'c', url: 'http://127.0.0.1:9/' }, { appSecret: 'x'.repeat(40) });
  const t = Date.now();
  await h.db.transaction(async (tx) => { for (let i = 0; i < 100; i++) await enqueueEvent(tx, 'sandbox', { customerId: 'c', type: 'device.connected', data: {} }); });
  console.log('enqueue 100', Date.now() - t);
  const t2 = Date.now(); await h.close(); console.log('close', Date.now() - t2);
} else if (mode === 'run') {
  let n = 0; const t = Date.now();
  const d = startDispatcher({ db: h.db, appSecret: 'x'.repeat(40), retrySchedule: [0, 100], concurrency: 4, leaseMs: 1500, log: (e) => { if (e.event === 'webhook.attempt' && ++n === 1) console.log('first attempt after', Date.now() - t); } });
  await new Promise((r) => setTimeout(r, 3000)); console.log('attempts in 3s', n);
  process.kill(process.pid, 'SIGKILL');
} else { await h.close(); }
