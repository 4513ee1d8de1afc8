import path from 'node:path';
import { defineConfig } from 'vitest/config';

const unit = {
  extends: true as const,
  test: {
    name: 'unit',
    include: [
      'lib/**/*.test.ts',
      'app/**/*.test.ts',
      'components/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
  },
};

// Components as a person uses them (typing, clicking) in a DOM: `*.test.tsx` beside the component.
const dom = {
  extends: true as const,
  test: {
    name: 'dom',
    include: ['components/**/*.test.tsx'],
    environment: 'jsdom',
  },
};

// Database tests (`*.db.test.ts`) run on PGlite in the `unit` project and, when TEST_DATABASE_URL
// is set, once more against that PostgreSQL server.
const postgres = {
  extends: true as const,
  test: {
    name: 'postgres',
    include: ['lib/**/*.db.test.ts', 'scripts/**/*.db.test.ts'],
    env: { TEST_DB: 'postgres' },
  },
};

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: process.env.TEST_DATABASE_URL ? [unit, dom, postgres] : [unit, dom],
  },
});
