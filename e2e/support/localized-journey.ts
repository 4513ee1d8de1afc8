import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { createTranslator } from 'use-intl/core';
import { pseudoCatalog } from '../../lib/i18n/pseudo';
import { expectNoAxeViolations } from './axe';

/** A language the journey is walked in: ours, or the pseudo-locale (JOURNEY_PSEUDO_LOCALE=on). */
export type WalkLanguage = 'en' | 'de' | 'fr' | 'es' | 'nl' | 'en-XA';

type Catalog = Record<string, unknown>;
type Args = Record<string, string | number>;

const MESSAGES = path.join(import.meta.dirname, '../../lib/i18n/messages');

/** A catalog as the product ships it: the JSON file (the pseudo-locale's is English, pseudo-localised). */
export function catalogOf(language: WalkLanguage): Catalog {
  if (language === 'en-XA') return pseudoCatalog(catalogOf('en'));
  return JSON.parse(readFileSync(path.join(MESSAGES, `${language}.json`), 'utf8')) as Catalog;
}

function lookup(catalog: Catalog, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Catalog)[part] : undefined),
      catalog,
    );
}

/**
 * A language's messages, formatted by the library the product formats them with (use-intl). A key
 * a catalog lacks is an error that says which step is not translated yet, never a silent fallback.
 */
export class Messages {
  private readonly catalog: Catalog;
  private readonly translate: (key: string, args?: Args) => string;

  constructor(readonly language: WalkLanguage) {
    this.catalog = catalogOf(language);
    const t = createTranslator({
      locale: language,
      messages: this.catalog,
      onError: (error) => {
        throw error;
      },
    });
    this.translate = t as unknown as (key: string, args?: Args) => string;
  }

  has(key: string): boolean {
    return typeof lookup(this.catalog, key) === 'string';
  }

  t(key: string, args?: Args): string {
    if (!this.has(key)) {
      throw new Error(
        `lib/i18n/messages/${this.language === 'en-XA' ? 'en' : this.language}.json has no "${key}": ` +
          'that part of the journey is not in the catalogs yet',
      );
    }
    return this.translate(key, args);
  }
}

/** Where step screenshots go: SHOTS_DIR/<language>/, or nowhere when SHOTS_DIR is unset. */
function shotsDir(language: WalkLanguage): string | undefined {
  const root = process.env.SHOTS_DIR;
  if (!root) return undefined;
  const dir = path.join(root, language);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The phone width every translated screen must fit without scrolling sideways. */
export const NARROW_WIDTH = 320;

/**
 * A person walking the journey in one language: every control found by role and its name from that
 * language's catalog (so a control still in English is not found), every step's `h1` checked against
 * the catalog and against English, axe and the 320 px width checked on each step.
 */
export class LocalizedJourney {
  readonly m: Messages;
  readonly english = new Messages('en');
  private step = 0;
  private readonly dir: string | undefined;

  constructor(
    readonly page: Page,
    readonly language: WalkLanguage,
    /** Checks each step's text for English that bypassed the catalogs (the pseudo-locale's run). */
    private readonly checkText?: (page: Page, name: string) => Promise<void>,
  ) {
    this.m = new Messages(language);
    this.dir = shotsDir(language);
  }

  /**
   * The step's `h1` is the catalog's `key` formatted with `args`, and not the English one: the page
   * speaks the language, it does not merely carry its `lang`.
   */
  async expectTitle(key: string, args?: Args) {
    const expected = this.m.t(key, args);
    if (this.language !== 'en') {
      expect(expected, `${key} in the ${this.language} catalog is still the English text`).not.toBe(
        this.english.t(key, args),
      );
    }
    await expect(
      this.page.getByRole('heading', { level: 1 }),
      `the ${this.language} page's h1 should be ${key} from the catalog`,
    ).toHaveText(expected);
  }

  radio(key: string) {
    return this.page.getByRole('radio', { name: this.m.t(key), exact: true });
  }

  button(key: string, args?: Args) {
    return this.page.getByRole('button', { name: this.m.t(key, args), exact: true });
  }

  field(key: string, args?: Args) {
    return this.page.getByLabel(this.m.t(key, args), { exact: true });
  }

  async continue() {
    await this.button('journey.actions.continue').click();
  }

  /** Checks the current step: axe, no sideways scrolling at 320 px, text, and a screenshot. */
  async checkStep(name: string) {
    this.step += 1;
    const label = `${String(this.step).padStart(2, '0')}-${name}`;
    await expectNoAxeViolations(this.page, `${this.language} ${label}`);
    const widths = await this.page.evaluate(() => ({
      viewport: window.innerWidth,
      scroll: document.scrollingElement!.scrollWidth,
    }));
    expect(widths.viewport, 'the walk runs at 320 px').toBe(NARROW_WIDTH);
    expect(
      widths.scroll,
      `${this.language} ${label} scrolls sideways at ${NARROW_WIDTH} px`,
    ).toBeLessThanOrEqual(NARROW_WIDTH);
    await this.checkText?.(this.page, label);
    if (this.dir) {
      await this.page.screenshot({ path: path.join(this.dir, `${label}.png`), fullPage: true });
    }
  }
}
