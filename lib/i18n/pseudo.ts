import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js';

const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ó',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ó',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

/** How much longer pseudo text is than English: German and Dutch often run 30–40% longer. */
const EXPANSION = 0.4;

/**
 * A pseudo-localised copy of one ICU message: every letter accented, the text 40% longer, and the
 * whole wrapped in ⟦ ⟧. Placeholders, plurals and selects keep their structure, so a screen in the
 * pseudo language shows at a glance any string that bypassed the catalog (it stays plain) and any
 * layout that breaks when a translation runs long.
 */
export function pseudoMessage(message: string): string {
  const ast = parse(message, { ignoreTag: true });
  return `⟦${printAST(ast.map(pseudoElement))}⟧`;
}

function pseudoElement(element: MessageFormatElement): MessageFormatElement {
  if (element.type === TYPE.literal) {
    const text = [...element.value].map((ch) => ACCENTED[ch] ?? ch).join('');
    const letters = element.value.replace(/[^A-Za-z]/g, '').length;
    return { ...element, value: text + '·'.repeat(Math.ceil(letters * EXPANSION)) };
  }
  if (element.type === TYPE.plural || element.type === TYPE.select) {
    const options = Object.fromEntries(
      Object.entries(element.options).map(([key, option]) => [
        key,
        { ...option, value: option.value.map(pseudoElement) },
      ]),
    );
    return { ...element, options } as MessageFormatElement;
  }
  return element;
}

/** A whole catalog, pseudo-localised (same keys, same placeholders). */
export function pseudoCatalog<T>(catalog: T): T {
  if (typeof catalog === 'string') return pseudoMessage(catalog) as T;
  if (catalog && typeof catalog === 'object') {
    return Object.fromEntries(
      Object.entries(catalog).map(([key, value]) => [key, pseudoCatalog(value)]),
    ) as T;
  }
  return catalog;
}
