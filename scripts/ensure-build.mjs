// `npm start` builds first when there is no production build, or when sources changed since it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const buildId = path.join('.next', 'BUILD_ID');
const sources = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.ts',
  'proxy.ts',
  'package.json',
  'postcss.config.mjs',
];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => {
    if (name === 'node_modules' || name.startsWith('.')) return max;
    return Math.max(max, newestMtime(path.join(entry, name)));
  }, stat.mtimeMs);
}

const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const changed = Math.max(...sources.map(newestMtime));
if (built === 0 || changed > built) {
  console.log(built === 0 ? 'No production build yet: building…' : 'Sources changed: rebuilding…');
  execFileSync('npx', ['next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}
