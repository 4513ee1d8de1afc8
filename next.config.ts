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
    // The stylesheet is its own file (cached, immutable), not inlined: Next's inlineCss puts it into
    // the HTML three times (the <style> and two copies in the RSC payload, one of them for the global
    // error boundary), 52 of a launch page's 67 KB. Lighthouse on the first step measured no slower
    // paint without it, a 5.6 KB document instead of 14.7 KB gzipped, and less main-thread work.
    inlineCss: false,
  },
};

export default nextConfig;
