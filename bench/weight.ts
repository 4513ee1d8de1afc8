/**
 * Page weight as the browser sees it: load a page in Debian's Chromium (Playwright's chromium API), collect every
 * script and stylesheet response, and sum their gzip sizes (compressed here with gzip -9, so the figure
 * does not depend on whether the server compresses). A stylesheet inlined into the HTML (a `<style>`
 * block, as Next's inlineCss writes them) counts as CSS too, as if it were its own file. Also lists any
 * request to another origin.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { chromium } from '@playwright/test';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WeightResult {
  url: string;
  jsGzipBytes: number;
  cssGzipBytes: number;
  totalGzipBytes: number;
  /** Uncompressed bytes, for reference. */
  jsRawBytes: number;
  cssRawBytes: number;
  /** An inline `<style>` block is listed as the page's URL followed by `#style-N`. */
  files: { url: string; type: 'script' | 'stylesheet'; gzipBytes: number }[];
  thirdPartyOrigins: string[];
}

export async function benchWeight(
  url: string,
  options: {
    waitForRole?: { role: 'heading'; name?: RegExp };
    /** Runs first in the same browser context (e.g. signing up); its requests are not counted. */
    prepare?: (page: Page) => Promise<void>;
  } = {},
): Promise<WeightResult> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (options.prepare) {
      await options.prepare(page);
      // A fresh page: the measured load starts with an empty memory cache, like a first visit.
      await page.close();
    }
    const measured = options.prepare ? await context.newPage() : page;
    const origin = new URL(url).origin;
    const thirdParty = new Set<string>();
    const pending: Promise<Measured[]>[] = [];
    measured.on('request', (request) => {
      const requestUrl = request.url();
      if (!/^https?:/.test(requestUrl)) return;
      const requestOrigin = new URL(requestUrl).origin;
      if (requestOrigin !== origin) thirdParty.add(requestOrigin);
    });
    measured.on('response', (response) => {
      const resourceType = response.request().resourceType();
      if (resourceType === 'document' && response.frame() === measured.mainFrame()) {
        pending.push(
          response
            .text()
            .then((html) => inlineStyles(response.url(), html))
            .catch(() => []),
        );
        return;
      }
      if (resourceType !== 'script' && resourceType !== 'stylesheet') return;
      const type: 'script' | 'stylesheet' = resourceType === 'script' ? 'script' : 'stylesheet';
      pending.push(
        response
          .body()
          .then((body) => [measure(response.url(), type, body)])
          .catch(() => []),
      );
    });
    await measured.goto(url, { waitUntil: 'networkidle' });
    if (options.waitForRole)
      await measured
        .getByRole(options.waitForRole.role, { name: options.waitForRole.name })
        .first()
        .waitFor();
    const files = (await Promise.all(pending)).flat();
    const sum = (type: 'script' | 'stylesheet', key: 'gzipBytes' | 'raw') =>
      files.filter((f) => f.type === type).reduce((total, f) => total + f[key], 0);
    await context.close();
    return {
      url,
      jsGzipBytes: sum('script', 'gzipBytes'),
      cssGzipBytes: sum('stylesheet', 'gzipBytes'),
      totalGzipBytes: sum('script', 'gzipBytes') + sum('stylesheet', 'gzipBytes'),
      jsRawBytes: sum('script', 'raw'),
      cssRawBytes: sum('stylesheet', 'raw'),
      files: files.map(({ url: fileUrl, type, gzipBytes }) => ({ url: fileUrl, type, gzipBytes })),
      thirdPartyOrigins: [...thirdParty].sort(),
    };
  } finally {
    await browser.close();
  }
}

type Measured = WeightResult['files'][number] & { raw: number };

function measure(url: string, type: Measured['type'], body: Buffer): Measured {
  return { url, type, gzipBytes: gzipSync(body, { level: 9 }).length, raw: body.length };
}

/** The `<style>` blocks of a page's HTML, each measured as a stylesheet. */
export function inlineStyles(pageUrl: string, html: string): Measured[] {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match, index) =>
    measure(`${pageUrl}#style-${index + 1}`, 'stylesheet', Buffer.from(match[1] ?? '', 'utf8')),
  );
}

/** Signs a new company up in the dashboard (so that /dashboard can be measured as its first page). */
export async function signUpForDashboard(page: Page, origin: string, label: string): Promise<void> {
  await page.goto(`${origin}/signup`);
  await page.getByLabel('Company name').fill(`Bench ${label}`);
  await page.getByLabel('Email').fill(`bench-${label}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('bench password 123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/dashboard$/);
}
