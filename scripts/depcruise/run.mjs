/**
 * Runs dependency-cruiser, the import-boundary check of `npm run lint` (its rules are in
 * .dependency-cruiser.cjs), with a TypeScript compiler API it can parse with: the project compiles
 * with TypeScript 7, which has no JavaScript compiler API, so dependency-cruiser's own imports of
 * `typescript` are given the TypeScript 6 build that @ts-morph/common ships. Nothing else sees it.
 */
import Module, { createRequire, register } from 'node:module';

const require = createRequire(import.meta.url);
const compilerPath = require.resolve('@ts-morph/common/dist/typescript.js');
const compiler = require(compilerPath);
const fromCruiser = (file) => typeof file === 'string' && file.includes('/dependency-cruiser/');

// CommonJS: dependency-cruiser reads the compiler's version from its package.json.
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (fromCruiser(parent?.filename)) {
    if (request === 'typescript/package.json') return { version: compiler.version };
    if (request === 'typescript') return compiler;
  }
  return load.call(this, request, parent, ...rest);
};

// ES modules: it imports the compiler itself.
register(
  'data:text/javascript,' +
    encodeURIComponent(`
      const compiler = ${JSON.stringify(new URL(`file://${compilerPath}`).href)};
      export async function resolve(specifier, context, next) {
        if (specifier === 'typescript' && (context.parentURL ?? '').includes('/dependency-cruiser/'))
          return { url: compiler, shortCircuit: true, format: 'commonjs' };
        return next(specifier, context);
      }`),
);

process.argv.splice(2, 0, '--config', '.dependency-cruiser.cjs');
await import(
  new URL('../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url).href
);
