import { z } from 'zod';
import type { Language } from '../vocabulary';
import { LANGUAGES } from '../vocabulary';

/** The message a developer reads when a `language` value is not one the journey speaks. */
export const UNSUPPORTED_LANGUAGE_MESSAGE = `language must be one of ${LANGUAGES.join(', ')}`;

/** `de`, `DE`, `de-AT`, `de_AT` → `de`; a language the journey does not speak → undefined. */
export function supportedLanguageOf(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/**
 * A requested language: one of ours, case-insensitive, with or without a region (`de-AT` is German).
 * Anything else is refused rather than silently replaced, so a developer sees the typo.
 */
export const languageSchema = z
  .string()
  .max(35, UNSUPPORTED_LANGUAGE_MESSAGE)
  .transform((value, ctx) => {
    const language = supportedLanguageOf(value);
    if (language) return language;
    ctx.addIssue({ code: 'custom', message: UNSUPPORTED_LANGUAGE_MESSAGE });
    return z.NEVER;
  });
