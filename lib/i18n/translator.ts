import { createTranslator } from 'use-intl/core';
import { getLogger } from '../log';
import type { Language } from '../vocabulary';
import { DEFAULT_LANGUAGE } from '../vocabulary';
import type { Messages } from './catalogs';
import { CATALOGS } from './catalogs';

export type { Messages };

/**
 * A translator for `language` (ICU messages: plurals, selects, numbers). A message missing from a
 * catalog — which the catalog tests make impossible to ship — falls back to English and is logged,
 * so a person always reads a sentence, never a key.
 */
export function translatorFor(language: Language): Translator {
  let translator = translators.get(language);
  if (!translator) {
    translator = translatorOver(language, CATALOGS[language]);
    translators.set(language, translator);
  }
  return translator;
}

/** Catalogs never change while the server runs: one translator per language, built on first use. */
const translators = new Map<Language, Translator>();

/** A translator over `messages` (a catalog), English filling any gap. */
export function translatorOver(language: Language, messages: Messages) {
  const english = createTranslator({ locale: DEFAULT_LANGUAGE, messages: CATALOGS.en });
  return createTranslator({
    locale: language,
    messages,
    onError: (error) => getLogger().warn({ language, error: error.message }, 'translation missing'),
    getMessageFallback: ({ namespace, key }) => {
      const path = namespace ? `${namespace}.${key}` : key;
      return english.has(path as never) ? english(path as never) : path;
    },
  });
}

export type Translator = ReturnType<typeof translatorOver>;
