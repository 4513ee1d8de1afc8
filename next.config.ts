import type { NextConfig } from 'next';
import { ACTION_BODY_LIMIT_BYTES } from './lib/security/action-body-limit';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files: keep it (and the Postgres driver) out of the bundles so
  // nothing of it is ever served publicly.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  devIndicators: false,
  // `npm run typecheck` checks the whole project (server, scripts, tests) in CI; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES },
    // The stylesheet arrives inside the HTML: the first step paints as soon as it is parsed, without
    // waiting for a second request (during which the scripts would arrive and run first).
    inlineCss: true,
  },
};

export default nextConfig;
