/**
 * Lints the API's OpenAPI document with Redocly's recommended rules: the document is generated from the
 * routes exactly as `/openapi.json` serves it, written to a temporary file, and handed to `redocly lint`.
 * Exits non-zero on any error or warning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiApp } from '../lib/api/app';
import { parseConfig } from '../lib/config';
import type { Db } from '../lib/db/client';
import { createUsageTracker } from '../lib/usage';

const dir = mkdtempSync(path.join(tmpdir(), 'aj-openapi-'));
try {
  const config = parseConfig({
    APP_SECRET: 'x'.repeat(40),
    DATA_DIR: dir,
    PUBLIC_BASE_URL: 'https://auth-journey.test',
  });
  const getDb = (): Promise<Db> => Promise.reject(new Error('The document needs no database.'));
  const app = createApiApp({ getDb, config, usage: createUsageTracker({ getDb }) });
  const response = await app.request('/openapi.json');
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, await response.text());
  const lint = spawnSync(
    'npx',
    ['redocly', 'lint', '--config', 'redocly.yaml', '--max-problems=200', file],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
  const output = `${lint.stdout}${lint.stderr}`;
  process.stdout.write(output);
  const warned = /You have \d+ warnings?/.test(output);
  process.exitCode = lint.status !== 0 || warned ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
