import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRateLimiter } from './rate-limit';
import { DEFAULT_RATE_LIMITS, createRateLimiter } from './rate-limit';

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
  it('defaults to 25 requests/s per sandbox key and 100 per live key', () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({ sandbox: 25, live: 100 });
  });

  it('counts per key and environment and refuses past the limit', async () => {
    const l = limiter({ limits: { sandbox: 2, live: 3 }, durationSeconds: 3600 });
    expect(await l.consume('k1', 'sandbox')).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetSeconds: 3600,
    });
    expect((await l.consume('k1', 'sandbox')).remaining).toBe(0);
    const refused = await l.consume('k1', 'sandbox');
    expect(refused).toMatchObject({ allowed: false, limit: 2, remaining: 0 });
    expect(refused.resetSeconds).toBeGreaterThan(3590);
    expect((await l.consume('k2', 'sandbox')).allowed).toBe(true);
    expect(await l.consume('k3', 'live')).toMatchObject({ allowed: true, limit: 3, remaining: 2 });
  });

  it('keeps limiting in memory when Redis is unreachable (insurance limiter)', async () => {
    const l = limiter({
      redisUrl: 'redis://127.0.0.1:1',
      limits: { sandbox: 1 },
      durationSeconds: 3600,
    });
    expect((await l.consume('k', 'sandbox')).allowed).toBe(true);
    expect((await l.consume('k', 'sandbox')).allowed).toBe(false);
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
        const a = limiter({ redisClient: ca, limits: { sandbox: 3 }, durationSeconds: 60 });
        const b = limiter({ redisClient: cb, limits: { sandbox: 3 }, durationSeconds: 60 });
        const key = `shared-${randomUUID()}`;
        expect((await a.consume(key, 'sandbox')).remaining).toBe(2);
        expect((await b.consume(key, 'sandbox')).remaining).toBe(1);
        expect((await a.consume(key, 'sandbox')).remaining).toBe(0);
        expect((await b.consume(key, 'sandbox')).allowed).toBe(false);
      } finally {
        await Promise.all(clients.map((c) => c.quit()));
      }
    },
  );
});
