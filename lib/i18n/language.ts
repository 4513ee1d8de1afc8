import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import type { Language } from '../vocabulary';
import { DEFAULT_LANGUAGE, LANGUAGES, PSEUDO_LANGUAGE } from '../vocabulary';
import { supportedLanguageOf } from '../validation/language';

export { languageSchema, supportedLanguageOf } from '../validation/language';

/**
 * The request header carrying the language a page renders in. The proxy sets it on every request
 * (overwriting whatever a client sent): the journey's negotiated language, English elsewhere.
 */
export const LANGUAGE_HEADER = 'x-aj-language';

/**
 * The language of a journey: the launch's `language` when it names one of ours, then the browser's
 * `Accept-Language` (best match by RFC 4647 lookup), then English.
 */
export function negotiateLanguage(input: {
  requested?: string | null;
  acceptLanguage?: string | null;
}): Language {
  const requested = input.requested ? supportedLanguageOf(input.requested) : undefined;
  if (requested) return requested;
  if (!input.acceptLanguage) return DEFAULT_LANGUAGE;
  const preferred = new Negotiator({
    headers: { 'accept-language': input.acceptLanguage },
  }).languages();
  const wanted = preferred.filter((tag) => tag !== '*' && isWellFormedTag(tag));
  if (wanted.length === 0) return DEFAULT_LANGUAGE;
  try {
    return match(wanted, LANGUAGES, DEFAULT_LANGUAGE, { algorithm: 'lookup' }) as Language;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function isWellFormedTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/**
 * The language a page renders in, as the proxy decided (English when absent or unrecognised). The
 * proxy overwrites the header on every request, so the pseudo-locale arrives here only when it let it.
 */
export function languageOfHeader(value: string | null | undefined): Language {
  if (value === PSEUDO_LANGUAGE) return PSEUDO_LANGUAGE;
  return (value && supportedLanguageOf(value)) || DEFAULT_LANGUAGE;
}

/**
 * Journey pages speak the person's language; the dashboard and docs are English. `language=en-XA`
 * (any case) is the pseudo-locale when `pseudoLocale` is on (JOURNEY_PSEUDO_LOCALE), else English
 * like any `en-…` tag.
 */
export function pageLanguage(
  url: URL,
  acceptLanguage: string | null,
  options: { pseudoLocale?: boolean } = {},
): Language {
  if (!isJourneyPath(url.pathname)) return DEFAULT_LANGUAGE;
  const requested = url.searchParams.get('language');
  if (options.pseudoLocale && requested?.trim().toLowerCase() === PSEUDO_LANGUAGE.toLowerCase()) {
    return PSEUDO_LANGUAGE;
  }
  return negotiateLanguage({ requested, acceptLanguage });
}

/**
 * Server action calls skip the proxy (proxy.ts: they render no page, and the proxy's work per request
 * was a measurable share of a journey step), so the custom server negotiates the language their answer
 * speaks, as the proxy does for pages, from the URL the call is posted to (the page's own). Whatever
 * the client sent under `LANGUAGE_HEADER` is overwritten.
 */
export function stampActionLanguage(
  req: { url?: string; headers: Record<string, string | string[] | undefined> },
  pseudoLocale: boolean,
): void {
  if (req.headers['next-action'] === undefined) return;
  const acceptLanguage = req.headers['accept-language'];
  req.headers[LANGUAGE_HEADER] = pageLanguage(
    new URL(req.url ?? '/', 'http://journey.invalid'),
    typeof acceptLanguage === 'string' ? acceptLanguage : null,
    { pseudoLocale },
  );
}

export function isJourneyPath(pathname: string): boolean {
  return pathname === '/journey' || pathname.startsWith('/journey/');
}
