import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * E2E runs against the real production server (`npm start`'s build, the custom server, the embedded
 * database) on a free port with its own data directory. The config is evaluated once by the runner,
 * which then passes the chosen values to workers through the environment.
 */
function freePort(): number {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ],
    { encoding: 'utf8' },
  );
  return Number(probe.stdout.trim());
}

if (!process.env.E2E_BASE_URL) {
  const dir = mkdtempSync(path.join(tmpdir(), 'aj-e2e-'));
  process.env.E2E_PORT = String(freePort());
  process.env.E2E_BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT}`;
  process.env.E2E_DATA_DIR = path.join(dir, 'data');
  process.env.E2E_SERVER_LOG = path.join(dir, 'server.log');
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  // One output folder per run, so concurrent runs never delete each other's traces.
  outputDir: path.join('test-results', path.basename(path.dirname(process.env.E2E_DATA_DIR!))),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: 'mobile',
      use: {
        ...devices['Pixel 7'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    command: `node scripts/ensure-build.mjs && sh -c 'exec npx tsx server.ts > "${process.env.E2E_SERVER_LOG}" 2>&1'`,
    url: `${process.env.E2E_BASE_URL}/api/health/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: process.env.E2E_PORT!,
      HOST: '127.0.0.1',
      DATA_DIR: process.env.E2E_DATA_DIR!,
      PUBLIC_BASE_URL: process.env.E2E_BASE_URL!,
      WEBHOOK_RETRY_SCHEDULE: '0,0.2,0.5,1',
      // Every test's browser comes from 127.0.0.1: the per-address launch budget would be shared by
      // the whole suite. Budgets themselves are tested in lib/journey/server/launch.db.test.ts.
      JOURNEY_LAUNCHES_PER_ADDRESS: '100000',
      JOURNEY_LAUNCHES_PER_APP: '100000',
      LOG_LEVEL: 'info',
      // `language=en-XA` serves the pseudo-locale (e2e/languages.spec.ts walks the journey in it).
      JOURNEY_PSEUDO_LOCALE: 'on',
    },
  },
});
