/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) into where the server's CPU time went: self
 * time by area (a package, a lib/ module, the Next server bundle, GC, …) and the hottest functions.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { round } from './stats';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** A time window counted back from the end of the profile (the process's exit), in milliseconds. */
export interface WindowBeforeExit {
  fromMsBeforeExit: number;
  toMsBeforeExit: number;
}

export interface ProfileShare {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byArea: ProfileShare[];
  topFunctions: ProfileShare[];
}

/** Which part of the process a script URL belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  // The server's only big WebAssembly module is PGlite's Postgres.
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite: Postgres in WASM)';
  // Node's own modules, by subsystem (node:internal/crypto/util → node:crypto).
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 2 ? parts[1] : parts[parts.length - 1]}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.includes('/.next/server/')) return 'app bundle (.next/server: app code + bundled deps)';
  const lib = /\/lib\/([^/]+)\//.exec(url);
  if (lib?.[1]) return `lib/${lib[1]}`;
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

export function summarizeCpuProfile(
  file: string,
  window?: WindowBeforeExit,
  top = 15,
): ProfileSummary {
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  // Only the samples inside the window count: startup (module compilation, migrations) is not the load.
  const from = window ? profile.endTime - window.fromMsBeforeExit * 1000 : -Infinity;
  const to = window ? profile.endTime - window.toMsBeforeExit * 1000 : Infinity;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = frames.get(id);
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const place = frame.url.startsWith('node:') ? frame.url : areaOf(frame.url, frame.functionName);
    const where = frame.url ? ` ${place}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const shares = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: round(us / 1000, 0),
        percent: round((us / busyUs) * 100, 1),
      }));
  return {
    busyMs: round(busyUs / 1000, 0),
    idleMs: round(idleUs / 1000, 0),
    byArea: shares(areas),
    topFunctions: shares(functions),
  };
}
