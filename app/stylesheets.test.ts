import { readdirSync, readFileSync } from 'node:fs';
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
