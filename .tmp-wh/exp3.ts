const t0 = Date.now();
const { openPglite } = await import('../lib/db/client');
await import('../lib/webhooks');
const t1 = Date.now();
const h = await openPglite(process.argv[2]);
const t2 = Date.now();
console.log('imports', t1 - t0, 'open', t2 - t1);
await h.close();
