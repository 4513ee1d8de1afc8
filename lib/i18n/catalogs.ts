import type { Language } from '../vocabulary';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import nl from './messages/nl.json' with { type: 'json' };

/** The English catalog is the source: every other catalog has exactly its keys (catalogs.test.ts). */
export type Messages = typeof en;

/** Every language's messages. Server-side only: a page sends a person only what it renders. */
export const CATALOGS: Record<Language, Messages> = { en, de, fr, es, nl };
