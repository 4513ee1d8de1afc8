/**
 * Lighthouse (its default mobile configuration: Moto G-class emulation, simulated slow 4G and 4× CPU
 * slowdown) on a page, performance category only, several runs, each in a fresh headless Chromium
 * (Debian's, started here on a free DevTools port with a temporary profile). Reports the median of
 * FCP, LCP, TBT and CLS over the runs.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { z } from 'zod';
import { freePort, makeTempDir, removeTempDir, trackChild } from './servers';
import { median, round } from './stats';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './weight';

export interface LighthouseRun {
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  performanceScore: number;
}

/** Why the page costs what it does: main-thread time by category and by script (last run). */
export interface LighthouseDiagnostics {
  mainThreadMs: Record<string, number>;
  scriptsMs: { url: string; totalMs: number; scriptingMs: number }[];
  /** The LCP element's HTML snippet and the LCP phases (TTFB, load delay, load time, render delay). */
  lcpElement?: string;
  lcpPhasesMs?: Record<string, number>;
  /**
   * The page as the unthrottled browser actually loaded it, which decides what the simulation counts:
   * Lighthouse's simulated LCP includes every request that finished (and every script that ran) before
   * the observed LCP, downloaded again on slow 4G.
   */
  observed?: {
    fcpMs: number;
    lcpMs: number;
    /** Scripts whose download ended before the observed LCP, and their bytes on the wire. */
    scriptsBeforeLcp: number;
    scriptKbBeforeLcp: number;
    /** The main document's bytes on the wire. */
    documentKb: number;
  };
}

export interface LighthouseResult {
  url: string;
  lighthouseVersion: string;
  runs: LighthouseRun[];
  diagnostics?: LighthouseDiagnostics;
  median: LighthouseRun;
}

async function withChromium<T>(use: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const profile = makeTempDir('chromium');
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_FLAGS,
      '--headless=new',
      `--remote-debugging-port=${port}`,
      '--remote-debugging-address=127.0.0.1',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  const untrack = trackChild(child);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/json/version`);
        if (res.ok) break;
      } catch {
        // DevTools not up yet
      }
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error('Chromium did not open its DevTools port');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return await use(port);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    untrack();
    removeTempDir(profile);
  }
}

export async function benchLighthouse(url: string, runs = 5): Promise<LighthouseResult> {
  // Imported here so the rest of the suite runs (and says why) when Lighthouse is missing.
  const { default: lighthouse } = await import('lighthouse');
  const results: LighthouseRun[] = [];
  let version = '';
  let diagnostics: LighthouseDiagnostics | undefined;
  for (let i = 0; i < runs; i++) {
    const outcome = await withChromium((port) =>
      lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }),
    );
    if (!outcome) throw new Error('Lighthouse returned no result');
    const { lhr } = outcome;
    if (lhr.runtimeError)
      throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    version = lhr.lighthouseVersion;
    const metric = (id: string) => {
      const value = lhr.audits[id]?.numericValue;
      if (value === undefined) throw new Error(`Lighthouse gave no ${id}`);
      return value;
    };
    diagnostics = readDiagnostics(lhr.audits);
    results.push({
      fcpMs: round(metric('first-contentful-paint'), 0),
      lcpMs: round(metric('largest-contentful-paint'), 0),
      tbtMs: round(metric('total-blocking-time'), 0),
      cls: round(metric('cumulative-layout-shift'), 4),
      performanceScore: round((lhr.categories.performance?.score ?? 0) * 100, 0),
    });
  }
  const pick = (key: keyof LighthouseRun) => median(results.map((r) => r[key]));
  return {
    url,
    lighthouseVersion: version,
    runs: results,
    ...(diagnostics ? { diagnostics } : {}),
    median: {
      fcpMs: pick('fcpMs'),
      lcpMs: pick('lcpMs'),
      tbtMs: pick('tbtMs'),
      cls: pick('cls'),
      performanceScore: pick('performanceScore'),
    },
  };
}

const tableSchema = z.object({
  details: z.object({ items: z.array(z.record(z.string(), z.unknown())) }),
});

function readDiagnostics(audits: Record<string, unknown>): LighthouseDiagnostics | undefined {
  const breakdown = tableSchema.safeParse(audits['mainthread-work-breakdown']);
  const bootup = tableSchema.safeParse(audits['bootup-time']);
  if (!breakdown.success || !bootup.success) return undefined;
  const mainThreadMs: Record<string, number> = {};
  for (const item of breakdown.data.details.items) {
    if (typeof item.groupLabel === 'string' && typeof item.duration === 'number') {
      mainThreadMs[item.groupLabel] = round(item.duration, 0);
    }
  }
  const scriptsMs = bootup.data.details.items.flatMap((item) =>
    typeof item.url === 'string' && typeof item.total === 'number'
      ? [
          {
            url: item.url,
            totalMs: round(item.total, 0),
            scriptingMs: round(typeof item.scripting === 'number' ? item.scripting : 0, 0),
          },
        ]
      : [],
  );
  const observed = readObserved(audits);
  return {
    mainThreadMs,
    scriptsMs,
    ...readLcp(audits['largest-contentful-paint-element']),
    ...(observed ? { observed } : {}),
  };
}

/** The first item of the metrics audit (the second only says whether LCP was invalidated). */
const paintsSchema = z.object({
  observedFirstContentfulPaint: z.number(),
  observedLargestContentfulPaint: z.number(),
});

const requestSchema = z.object({
  resourceType: z.string().optional(),
  networkEndTime: z.number().optional(),
  transferSize: z.number().optional(),
});

function readObserved(audits: Record<string, unknown>): LighthouseDiagnostics['observed'] {
  const metrics = tableSchema.safeParse(audits.metrics);
  const requests = tableSchema.safeParse(audits['network-requests']);
  if (!metrics.success || !requests.success) return undefined;
  const parsedPaints = paintsSchema.safeParse(metrics.data.details.items[0]);
  if (!parsedPaints.success) return undefined;
  const paints = parsedPaints.data;
  const lcp = paints.observedLargestContentfulPaint;
  const items = requests.data.details.items.flatMap((item) => {
    const parsed = requestSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const scripts = items.filter(
    (r) => r.resourceType === 'Script' && r.networkEndTime !== undefined && r.networkEndTime < lcp,
  );
  const document = items.find((r) => r.resourceType === 'Document');
  return {
    fcpMs: round(paints.observedFirstContentfulPaint, 0),
    lcpMs: round(lcp, 0),
    scriptsBeforeLcp: scripts.length,
    scriptKbBeforeLcp: round(scripts.reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024, 1),
    documentKb: round((document?.transferSize ?? 0) / 1024, 1),
  };
}

const lcpSchema = z.object({
  details: z.object({
    items: z.array(z.object({ items: z.array(z.record(z.string(), z.unknown())) })),
  }),
});

function readLcp(audit: unknown): Pick<LighthouseDiagnostics, 'lcpElement' | 'lcpPhasesMs'> {
  const parsed = lcpSchema.safeParse(audit);
  if (!parsed.success) return {};
  const [elementTable, phaseTable] = parsed.data.details.items;
  const node = elementTable?.items[0]?.node;
  const snippet = z.object({ snippet: z.string() }).safeParse(node);
  const lcpPhasesMs: Record<string, number> = {};
  for (const item of phaseTable?.items ?? []) {
    if (typeof item.phase === 'string' && typeof item.timing === 'number') {
      lcpPhasesMs[item.phase] = round(item.timing, 0);
    }
  }
  return { ...(snippet.success ? { lcpElement: snippet.data.snippet } : {}), lcpPhasesMs };
}
