import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRateLimiter } from './rate-limit';
import { createRateLimiter } from './rate-limit';

const open: ApiRateLimiter[] = [];
function limiter(options: Parameters<typeof createRateLimiter>[0]): ApiRateLimiter {
  const created = createRateLimiter(options);
  open.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('createRateLimiter', () => {
  it('counts per key and environment against the limit each request carries', async () => {
    const l = limiter({ durationSeconds: 3600 });
    expect(await l.consume('k1', 'sandbox', 2)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetSeconds: 3600,
    });
    expect((await l.consume('k1', 'sandbox', 2)).remaining).toBe(0);
    const refused = await l.consume('k1', 'sandbox', 2);
    expect(refused).toMatchObject({ allowed: false, limit: 2, remaining: 0 });
    expect(refused.resetSeconds).toBeGreaterThan(3590);
    expect((await l.consume('k2', 'sandbox', 2)).allowed).toBe(true);
    expect(await l.consume('k3', 'live', 3)).toMatchObject({
      allowed: true,
      limit: 3,
      remaining: 2,
    });
    // Keys of one limit do not share a budget with keys of another.
    expect(await l.consume('k4', 'live', 10)).toMatchObject({ allowed: true, remaining: 9 });
  });

  it('keeps limiting in memory when Redis is unreachable (insurance limiter)', async () => {
    const l = limiter({ redisUrl: 'redis://127.0.0.1:1', durationSeconds: 3600 });
    expect((await l.consume('k', 'sandbox', 1)).allowed).toBe(true);
    expect((await l.consume('k', 'sandbox', 1)).allowed).toBe(false);
  });

  // Needs a Redis server: TEST_REDIS_URL=redis://127.0.0.1:6379 npx vitest run lib/api
  it.skipIf(!process.env.TEST_REDIS_URL)(
    'shares one budget between instances through Redis',
    async () => {
      const url = process.env.TEST_REDIS_URL ?? '';
      // Two clients, as two instances would have; ready before use so the insurance limiter stays out.
      const clients = [new Redis(url), new Redis(url)];
      try {
        await Promise.all(clients.map((c) => once(c, 'ready')));
        const [ca, cb] = clients as [Redis, Redis];
        const a = limiter({ redisClient: ca, durationSeconds: 60 });
        const b = limiter({ redisClient: cb, durationSeconds: 60 });
        const key = `shared-${randomUUID()}`;
        expect((await a.consume(key, 'sandbox', 3)).remaining).toBe(2);
        expect((await b.consume(key, 'sandbox', 3)).remaining).toBe(1);
        expect((await a.consume(key, 'sandbox', 3)).remaining).toBe(0);
        expect((await b.consume(key, 'sandbox', 3)).allowed).toBe(false);
        // A key's own lower rate is shared the same way, and applies to the window already counted.
        const slow = `slow-${randomUUID()}`;
        expect((await a.consume(slow, 'live', 10)).remaining).toBe(9);
        expect((await b.consume(slow, 'live', 2)).remaining).toBe(0);
        expect((await a.consume(slow, 'live', 2)).allowed).toBe(false);
      } finally {
        await Promise.all(clients.map((c) => c.quit()));
      }
    },
  );
});
