import { describe, expect, it } from 'vitest';
import * as catalogue from '@/lib/embed/messages';
import type { EmbedCatalogue } from './embed-port';
import { createEmbedPort, DETACHED } from './embed-port';

interface Posted {
  message: unknown;
  origin: string;
}

function frame() {
  const posted: Posted[] = [];
  return {
    posted,
    postMessage: (message: unknown, origin: string) => posted.push({ message, origin }),
  };
}

/** A catalogue load that the test settles by hand, to see what happens while it is under way. */
function deferredLoad() {
  let settle!: (outcome: EmbedCatalogue | Error) => void;
  let calls = 0;
  const promise = new Promise<EmbedCatalogue>((resolve, reject) => {
    settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
  });
  return {
    load: () => {
      calls += 1;
      return promise;
    },
    settle: (outcome: EmbedCatalogue | Error) => settle(outcome),
    calls: () => calls,
  };
}

const exit = { type: 'EXIT', reason: 'user_exit', step: 'oem' } as const;

describe('createEmbedPort', () => {
  it('is the detached port when the app names no origin', () => {
    expect(
      createEmbedPort([], { embedder: () => frame(), load: () => Promise.resolve(catalogue) }),
    ).toBe(DETACHED);
  });

  it('never loads the catalogue for a journey that nothing embeds, and resolves at once', async () => {
    const loader = deferredLoad();
    const port = createEmbedPort(['https://app.example'], {
      embedder: () => null,
      load: loader.load,
    });
    port.prepare();
    await port.post(() => [exit]);
    expect(loader.calls()).toBe(0);
  });

  it('posts to each allowed origin, in the order posted, once the catalogue is loaded', async () => {
    const target = frame();
    const loader = deferredLoad();
    const port = createEmbedPort(['https://a.example', 'https://b.example'], {
      embedder: () => target,
      load: loader.load,
    });
    port.prepare();
    const first = port.post((m) => [m.eventForFailure('oem', 'NETWORK_ERROR')]);
    const second = port.post(() => [exit]);
    expect(target.posted).toEqual([]);
    loader.settle(catalogue);
    await Promise.all([first, second]);
    expect(loader.calls()).toBe(1);
    expect(target.posted).toEqual([
      {
        origin: 'https://a.example',
        message: {
          source: 'amps-link',
          type: 'EVENT',
          event: 'ERROR',
          metadata: { step: 'oem', code: 'NETWORK_ERROR' },
        },
      },
      {
        origin: 'https://b.example',
        message: {
          source: 'amps-link',
          type: 'EVENT',
          event: 'ERROR',
          metadata: { step: 'oem', code: 'NETWORK_ERROR' },
        },
      },
      { origin: 'https://a.example', message: { source: 'amps-link', ...exit } },
      { origin: 'https://b.example', message: { source: 'amps-link', ...exit } },
    ]);
  });

  it('still settles every post when the catalogue cannot be loaded (the journey can leave)', async () => {
    const target = frame();
    const loader = deferredLoad();
    const port = createEmbedPort(['https://a.example'], {
      embedder: () => target,
      load: loader.load,
    });
    const post = port.post(() => [exit]);
    loader.settle(new Error('offline'));
    await expect(post).resolves.toBeUndefined();
    expect(target.posted).toEqual([]);
  });

  it('remembers the step for an Escape pressed in the frame', () => {
    const port = createEmbedPort(['https://a.example'], {
      embedder: () => null,
      load: () => Promise.resolve(catalogue),
    });
    expect(port.step()).toBeNull();
    port.setStep('credentials');
    expect(port.step()).toBe('credentials');
  });
});
