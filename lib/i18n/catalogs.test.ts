import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../vocabulary';
import { CATALOGS } from './catalogs';
import { pseudoCatalog, pseudoMessage } from './pseudo';
import { translatorFor, translatorOver } from './translator';

/** Every message of a catalog by its dotted key. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  }
  return out;
}

/** The arguments a message uses, with their kinds (`count:plural`, `name:argument`). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    into.add(`${element.value}:${TYPE[element.type]}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
  }
  return into;
}

const english = flatten(CATALOGS.en);

/** Words of the familiar address: every catalog speaks to the reader formally (Sie, vous, usted, u). */
const FAMILIAR: Partial<Record<(typeof LANGUAGES)[number], string[]>> = {
  de: ['du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deinem', 'deiner', 'deines'],
  fr: ['tu', 'toi', 'ton', 'ta', 'tes', 't’'],
  es: ['tú', 'tu', 'tus', 'te', 'ti', 'contigo'],
  nl: ['je', 'jij', 'jou', 'jouw', 'jullie'],
};

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the %s catalog', (language) => {
  const messages = flatten(CATALOGS[language]);

  it('has every English message and nothing else', () => {
    expect([...messages.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('uses the same arguments as English in every message', () => {
    for (const [key, source] of english) {
      const translated = messages.get(key) ?? '';
      expect(argumentsOf(parse(translated)), `${language} ${key}`).toEqual(
        argumentsOf(parse(source)),
      );
    }
  });

  it('addresses the reader formally in every message', () => {
    const familiar = new RegExp(
      `(?<!\\p{L})(${(FAMILIAR[language] ?? []).join('|')})(?!\\p{L})`,
      'iu',
    );
    for (const [key, translated] of messages) {
      expect(translated.match(familiar)?.[0], `${language} ${key}: ${translated}`).toBeUndefined();
    }
  });

  it('is translated: no message is left empty or in English', () => {
    for (const [key, translated] of messages) {
      expect(translated.trim(), `${language} ${key}`).not.toBe('');
      expect(translated, `${language} ${key}`).not.toBe(english.get(key));
    }
  });
});

describe('translatorFor', () => {
  it('formats a message in the language asked for', () => {
    expect(translatorFor('de')('launch.errorCode', { code: 'APP_NOT_FOUND' })).toBe(
      'Fehlercode: APP_NOT_FOUND',
    );
    expect(translatorFor('en')('launch.errors.LINK_USED.title')).toBe('Link already used');
  });

  it('falls back to English for a message a catalog lacks', () => {
    const partial = structuredClone(CATALOGS.nl);
    delete (partial.launch.errors as Partial<typeof partial.launch.errors>).LINK_USED;
    const t = translatorOver('nl', partial);
    expect(t('launch.errors.LINK_USED.title')).toBe('Link already used');
    expect(t('launch.errors.LINK_EXPIRED.title')).toBe('Link verlopen');
  });
});

describe('pseudo-localisation', () => {
  it('accents, lengthens and brackets the text but keeps placeholders and plurals', () => {
    const pseudo = pseudoMessage('Connected: {count, plural, one {# device} other {# devices}}');
    expect(pseudo.startsWith('⟦Çóññéçţéð')).toBe(true);
    expect(pseudo).toContain('{count,plural,one{# ðéṽíçé');
    expect(argumentsOf(parse(pseudo))).toEqual(new Set(['count:plural']));
    expect(pseudoMessage('Error code: {code}')).toMatch(/^⟦Éŕŕóŕ çóðé: ·+\{code\}⟧$/);
  });

  it('is the pseudo-locale’s catalog, formatted like any other', () => {
    expect(translatorFor('en-XA')('launch.errorCode', { code: 'APP_NOT_FOUND' })).toMatch(
      /^⟦Éŕŕóŕ çóðé: ·+APP_NOT_FOUND⟧$/,
    );
  });

  it('pseudo-localises a whole catalog with the same keys', () => {
    const pseudo = flatten(pseudoCatalog(CATALOGS.en));
    expect([...pseudo.keys()]).toEqual([...english.keys()]);
    for (const [key, text] of pseudo) {
      expect(text.length, key).toBeGreaterThan(english.get(key)!.length);
    }
  });
});
