import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The reference has no node_modules of its own: it builds with the project's, so Turbopack's root is the
// project root (two levels up), which also pins the exact same Next and React versions as the product.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: projectRoot },
};

export default nextConfig;
