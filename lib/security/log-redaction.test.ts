import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The process logger (lib/log, pino) writes straight to stdout, so it is exercised in a child
 * process exactly as the server uses it, and its output is read back.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'aj-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SECRETS = {
  password: 'pw-canary-1',
  code: '314159',
  apiKey: 'amps_sk_test_canary',
  key: 'key-canary-2',
  token: 'eyJ.canary.token',
  secret: 'whsec_canary',
  authorization: 'Bearer canary-bearer',
  accessToken: 'sbx_at_canary',
  refreshToken: 'sbx_rt_canary',
};

function logOnce(entry: unknown): Record<string, unknown> {
  const script = `const { getLogger } = await import('./lib/log/index.ts');
getLogger().info(JSON.parse(process.env.ENTRY), 'sample');`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        APP_SECRET: 'a'.repeat(48),
        LOG_LEVEL: 'info',
        ENTRY: JSON.stringify(entry),
      },
      encoding: 'utf8',
    },
  );
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

describe('structured logs', () => {
  it('redact passwords, codes, keys, tokens and secrets at the top level, one level down, and in request headers', () => {
    const entry = {
      ...SECRETS,
      attempt: { ...SECRETS },
      req: {
        headers: {
          authorization: 'Bearer hdr-canary',
          'x-api-key': 'amps_sk_test_hdr',
          cookie: 'sid=cookie-canary',
        },
      },
      userId: 'kept-user',
    };
    const logged = logOnce(entry);
    const text = JSON.stringify(logged);
    for (const value of [
      ...Object.values(SECRETS),
      'hdr-canary',
      'amps_sk_test_hdr',
      'cookie-canary',
    ]) {
      expect(text).not.toContain(value);
    }
    expect(logged.password).toBe('[redacted]');
    expect((logged.attempt as Record<string, unknown>).token).toBe('[redacted]');
    expect((logged.req as { headers: Record<string, unknown> }).headers['x-api-key']).toBe(
      '[redacted]',
    );
    // Redaction is targeted: ordinary fields still reach the log.
    expect(logged.userId).toBe('kept-user');
    expect(logged.msg).toBe('sample');
  });
});
