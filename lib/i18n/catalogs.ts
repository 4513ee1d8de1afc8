import type { Language } from '../vocabulary';
import { pseudoCatalog } from './pseudo';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import nl from './messages/nl.json' with { type: 'json' };

/** The English catalog is the source: every other catalog has exactly its keys (catalogs.test.ts). */
export type Messages = typeof en;

let pseudo: Messages | undefined;

/**
 * Every language's messages. Server-side only: a page sends a person only what it renders. The
 * pseudo-locale's is English pseudo-localised, built the first time it is read.
 */
export const CATALOGS: Record<Language, Messages> = {
  en,
  de,
  fr,
  es,
  nl,
  get 'en-XA'() {
    pseudo ??= pseudoCatalog(en);
    return pseudo;
  },
};
