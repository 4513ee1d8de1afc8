import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/**
 * The pseudo-locale accents every letter of every catalog message, so on a page served in it no plain
 * ASCII letter remains — except in what a person or their app supplied: the app's name, the makers'
 * names, device names and models, what was typed. This finds the text that bypassed the catalogs.
 */
export class PseudoTextCheck {
  /** Strings that are data, not words of ours; device names and models are added as they appear. */
  private readonly data = new Set<string>();

  constructor(userData: readonly string[]) {
    for (const text of userData) this.data.add(text);
  }

  addData(texts: readonly string[]) {
    for (const text of texts) this.data.add(text);
  }

  /** Every text node in the document (screen-reader-only ones too), the tab's title, and names in attributes. */
  readonly check = async (page: Page, name: string) => {
    // The devices step lists the account's devices: each checkbox's name and the model it describes.
    const devices = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].flatMap((box) => {
        const details = document.getElementById(box.getAttribute('aria-describedby') ?? '');
        const label = box.closest('label')?.textContent ?? '';
        const model = details?.firstChild?.textContent ?? '';
        return [label.replace(details?.textContent ?? '', ''), model].map((t) => t.trim());
      }),
    );
    for (const text of devices) if (text) this.data.add(text);

    const leaks = await page.evaluate(
      (data) => {
        // Longest first, so "Volta Motors" goes before a device called "Volta".
        const ordered = [...data].sort((a, b) => b.length - a.length);
        const plain = (text: string) => {
          let rest = text;
          for (const d of ordered) rest = rest.split(d).join(' ');
          // A lone capital is the app's initial on its mark.
          return /[A-Za-z]/.test(rest) && !/^\s*[A-Z]\s*$/.test(rest);
        };
        const found: string[] = [];
        if (plain(document.title)) found.push(`<title>: ${document.title}`);
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || parent.closest('script, style, noscript, template')) continue;
          if (!parent.checkVisibility()) continue;
          const text = node.textContent ?? '';
          if (plain(text)) found.push(`<${parent.tagName.toLowerCase()}>: ${text.trim()}`);
        }
        for (const element of document.body.querySelectorAll(
          '[aria-label], [placeholder], [title], img[alt]',
        )) {
          if (!(element as HTMLElement).checkVisibility()) continue;
          for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) {
            const value = element.getAttribute(attribute);
            if (value && plain(value)) found.push(`${attribute}="${value}"`);
          }
        }
        return found;
      },
      [...this.data],
    );
    expect(leaks, `text on ${name} that is not from the catalogs`).toEqual([]);
  };
}
