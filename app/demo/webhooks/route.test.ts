import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTesting } from '@/lib/config';
import { POST } from './route';

/** Off a developer's machine the demo's receiver does not exist: nothing can be posted into it. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'aj-demo-off-'));
afterAll(() => {
  setConfigForTesting(undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

function post(): Promise<Response> {
  return POST(
    new Request('https://journey.example.com/demo/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_x' },
      body: JSON.stringify({ type: 'device.disconnected', data: {} }),
    }),
  );
}

describe('POST /demo/webhooks', () => {
  it.each([
    ['on a public PUBLIC_BASE_URL (default)', { PUBLIC_BASE_URL: 'https://journey.example.com' }],
    ['with DEMO=off', { PUBLIC_BASE_URL: 'http://localhost:3000', DEMO: 'off' }],
  ])('is 404 %s', async (_, env) => {
    setConfigForTesting(
      parseConfig({ ...env, DATA_DIR: dataDir, APP_SECRET: 's'.repeat(40), LOG_LEVEL: 'silent' }),
    );
    expect((await post()).status).toBe(404);
  });
});
