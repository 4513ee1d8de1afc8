import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Journey pages load only core.css (the journey's own utilities); every other page adds site.css.
 * A page outside the journey that forgot site.css would render half-styled, and a journey page that
 * pulled it in would carry the dashboard's classes on its first step.
 */
const APP = import.meta.dirname;

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pages(full);
    return entry.name === 'page.tsx' ? [full] : [];
  });
}

const importsSheet = (file: string, sheet: string) => {
  try {
    return new RegExp(`^import '[./]*/${sheet}';$`, 'm').test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
};

/** The page and the layouts above it, up to (not including) the root layout. */
function chain(page: string): string[] {
  const files = [page];
  for (let dir = path.dirname(page); dir !== APP; dir = path.dirname(dir)) {
    files.push(path.join(dir, 'layout.tsx'));
  }
  return files;
}

const relative = (file: string) => path.relative(APP, file);
const inJourney = (file: string) => relative(file).split(path.sep)[0] === 'journey';

describe('stylesheets', () => {
  it('the root layout loads core.css, never site.css', () => {
    expect(importsSheet(path.join(APP, 'layout.tsx'), 'core.css')).toBe(true);
    expect(importsSheet(path.join(APP, 'layout.tsx'), 'site.css')).toBe(false);
  });

  it('every page outside the journey loads site.css', () => {
    const missing = pages(APP)
      .filter((page) => !inJourney(page))
      .filter((page) => !chain(page).some((file) => importsSheet(file, 'site.css')))
      .map(relative);
    expect(missing).toEqual([]);
  });

  it('no journey page loads site.css', () => {
    const journeyPages = pages(APP).filter(inJourney);
    expect(journeyPages.length).toBeGreaterThan(0);
    const loading = journeyPages
      .filter((page) => chain(page).some((file) => importsSheet(file, 'site.css')))
      .map(relative);
    expect(loading).toEqual([]);
  });
});

/** The plain rules of a stylesheet (selector list and declarations, whitespace collapsed); an at-rule's
 * prelude is dropped, its inner rules kept. */
function cssRules(file: string): { selectors: string[]; body: string }[] {
  const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...css.matchAll(/([^{};]+)\{([^{}]*)\}/g)].map(([, selector = '', body = '']) => ({
    selectors: selector.split(',').map((part) => part.trim().replace(/\s+/g, ' ')),
    body: body.trim().replace(/\s+/g, ' '),
  }));
}

const TAILWIND_PREFLIGHT = path.join(APP, '..', 'node_modules', 'tailwindcss', 'preflight.css');

/** Every .tsx a journey page can render: the sources core.css scans (its `@source` lines). */
function coreSources(): string[] {
  const core = readFileSync(path.join(APP, 'core.css'), 'utf8');
  const walk = (entry: string): string[] =>
    statSync(entry).isDirectory()
      ? readdirSync(entry).flatMap((name) => walk(path.join(entry, name)))
      : [entry];
  return [...core.matchAll(/^@source '([^']+)';$/gm)]
    .flatMap(([, source = '']) => walk(path.join(APP, source)))
    .filter((file) => file.endsWith('.tsx') && !file.endsWith('.test.tsx'));
}

describe("core.css's cut of Tailwind's preflight", () => {
  const ours = cssRules(path.join(APP, 'preflight.css'));
  const tailwind = cssRules(TAILWIND_PREFLIGHT);

  it("keeps only Tailwind's own rules, unchanged (at most with fewer selectors)", () => {
    expect(ours.length).toBeGreaterThan(10);
    const foreign = ours.filter(
      (rule) =>
        !tailwind.some(
          (theirs) =>
            theirs.body === rule.body && rule.selectors.every((s) => theirs.selectors.includes(s)),
        ),
    );
    expect(foreign).toEqual([]);
  });

  it('leaves out only rules for elements that no journey source renders', () => {
    const kept = new Set(ours.flatMap((rule) => rule.selectors));
    const dropped = tailwind.flatMap((rule) => rule.selectors).filter((s) => !kept.has(s));
    // Pseudo-elements of inputs the journey never shows (file, date/time, number) and of select.
    const inputParts = dropped.filter((s) => s.startsWith('::') || s.startsWith(':where(select'));
    expect(
      inputParts.every((s) =>
        /file-selector|datetime|date-and-time|calendar|spin-button|select/.test(s),
      ),
    ).toBe(true);
    const tags = new Set(dropped.flatMap((s) => /^[a-z][a-z0-9]*/.exec(s) ?? []));
    expect(tags.size).toBeGreaterThan(5);
    const sources = coreSources();
    expect(sources.length).toBeGreaterThan(10);
    const uses = sources.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const found = [...tags].filter((tag) => new RegExp(`<${tag}[\\s/>]`).test(text));
      if (/type="(file|date|time|datetime-local|month|week|number)"/.test(text))
        found.push('input type');
      return found.map((what) => `${relative(file)}: ${what}`);
    });
    expect(uses).toEqual([]);
  });

  it("site.css brings Tailwind's whole preflight for the other pages", () => {
    expect(readFileSync(path.join(APP, 'site.css'), 'utf8')).toMatch(
      /^@import 'tailwindcss\/preflight\.css' layer\(base\);$/m,
    );
  });
});
