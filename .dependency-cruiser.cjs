/**
 * The import boundaries of the layering in README.md ("Architecture"), checked by `npm run lint`:
 *
 *   app ─► components ─► lib (types, and the journey's pure modules)
 *   app ─► lib ─► lib/db ─► lib/config ─► lib/vocabulary
 *
 * lib never imports app or components; the journey's rules (lib/journey/*.ts) stay pure; the database
 * layer sits at the bottom, under every domain module, over only the process configuration and the
 * shared vocabulary.
 */
/** Modules with no I/O that client components may load: the journey's rules and shared words. */
const PURE_LIB =
  '^lib/(journey/[^/]+|vocabulary/[^/]+|validation/[^/]+|oem/catalogue|embed/messages|accounts/(schemas|roles)|dashboard/(schemas|environment))\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form no cycles, not even through type-only imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-app',
      severity: 'error',
      comment: 'lib/ is the product without its pages: it never imports app/ or components/.',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'components-not-to-app',
      severity: 'error',
      comment:
        'Components are handed their data by pages; from app/ they import only server action modules (`use server`), which a client form references rather than runs.',
      from: { path: '^components/' },
      to: {
        path: '^app/',
        pathNot: ['^app/dashboard/actions\\.ts$', '^app/account-actions\\.ts$'],
      },
    },
    {
      name: 'components-use-lib-types-only',
      severity: 'error',
      comment:
        'Components hold no data access: from lib/ they import types, or the pure modules their forms and screens share with the server.',
      // The usage page's sections are server components only (no 'use client'): they format the
      // figures the page read, with the usage module's own helpers. A component's test may give it
      // the words the server would (the catalogs); it ships nothing.
      from: { path: '^components/', pathNot: ['^components/dashboard/usage/', '\\.test\\.tsx?$'] },
      to: { path: '^lib/', pathNot: PURE_LIB, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'journey-core-is-pure',
      severity: 'error',
      comment:
        'The journey’s rules (lib/journey/*.ts) do no I/O: they import only each other, the vocabulary, validation and zod.',
      from: { path: '^lib/journey/[^/]+\\.ts$', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: [
          '^lib/journey/[^/]+\\.ts$',
          '^lib/(vocabulary|validation)/',
          '^node_modules/zod/',
        ],
      },
    },
    {
      name: 'db-at-the-bottom',
      severity: 'error',
      comment:
        "The database layer depends on no domain module: only on the configuration (where the database is), the vocabulary and the dashboard accounts' tables (part of the schema).",
      from: { path: '^lib/db/' },
      to: {
        path: '^lib/',
        pathNot: ['^lib/db/', '^lib/config/', '^lib/vocabulary/', '^lib/accounts/tables\\.ts$'],
      },
    },
    {
      name: 'config-at-the-bottom',
      severity: 'error',
      comment:
        'Configuration is parsed before anything else exists: it uses only pure limits and the pure address classification (for defaults that depend on a loopback base URL).',
      from: { path: '^lib/config/' },
      to: {
        path: '^lib/',
        pathNot: [
          '^lib/config/',
          '^lib/vocabulary/',
          '^lib/usage/plans\\.ts$',
          '^lib/webhooks/address-safety\\.ts$',
        ],
      },
    },
    {
      name: 'vocabulary-imports-nothing',
      severity: 'error',
      comment: 'The shared vocabulary is the bottom of the house.',
      from: { path: '^lib/vocabulary/', pathNot: '\\.test\\.ts$' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a typo in a path is an error, not a silent skip).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|\\.data|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
