import { describe, expect, it } from 'vitest';
import {
  LANGUAGE_HEADER,
  languageOfHeader,
  languageSchema,
  negotiateLanguage,
  pageLanguage,
  stampActionLanguage,
  supportedLanguageOf,
} from './language';

describe('supportedLanguageOf', () => {
  it('accepts our languages in any case, with or without a region', () => {
    expect(supportedLanguageOf('de')).toBe('de');
    expect(supportedLanguageOf('DE')).toBe('de');
    expect(supportedLanguageOf('de-AT')).toBe('de');
    expect(supportedLanguageOf('nl_BE')).toBe('nl');
    expect(supportedLanguageOf(' fr ')).toBe('fr');
  });

  it('refuses languages we do not speak', () => {
    expect(supportedLanguageOf('pt-BR')).toBeUndefined();
    expect(supportedLanguageOf('')).toBeUndefined();
    expect(supportedLanguageOf('english')).toBeUndefined();
  });
});

describe('languageSchema', () => {
  it('normalises a supported tag', () => {
    expect(languageSchema.parse('ES-mx')).toBe('es');
  });

  it('names the supported languages when it refuses one', () => {
    const result = languageSchema.safeParse('pt');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('language must be one of en, de, fr, es, nl');
  });
});

describe('negotiateLanguage', () => {
  it('prefers the launch parameter over the browser', () => {
    expect(negotiateLanguage({ requested: 'nl', acceptLanguage: 'fr' })).toBe('nl');
  });

  it('falls back to Accept-Language, honouring quality values', () => {
    expect(negotiateLanguage({ acceptLanguage: 'fr-CH, fr;q=0.9, en;q=0.8' })).toBe('fr');
    expect(negotiateLanguage({ acceptLanguage: 'en;q=0.2, de;q=0.9' })).toBe('de');
    expect(negotiateLanguage({ acceptLanguage: 'pt-BR, es;q=0.5' })).toBe('es');
  });

  it('ignores an unsupported launch value when negotiating (the launch validates it separately)', () => {
    expect(negotiateLanguage({ requested: 'pt', acceptLanguage: 'de' })).toBe('de');
  });

  it('speaks English when nothing matches or the header is malformed', () => {
    expect(negotiateLanguage({})).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'ja, zh;q=0.8' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: '*' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: '!!!, ;q=x' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'x'.repeat(5000) })).toBe('en');
  });
});

describe('pageLanguage', () => {
  const at = (path: string) => new URL(path, 'http://127.0.0.1');

  it('negotiates on journey pages', () => {
    expect(pageLanguage(at('/journey?appId=a&language=nl'), 'fr')).toBe('nl');
    expect(pageLanguage(at('/journey/reconnect?token=t'), 'fr-BE,fr;q=0.9')).toBe('fr');
  });

  it('keeps the dashboard, docs and API in English', () => {
    expect(pageLanguage(at('/dashboard?language=de'), 'de')).toBe('en');
    expect(pageLanguage(at('/journeys'), 'de')).toBe('en');
    expect(pageLanguage(at('/docs/journey'), 'de')).toBe('en');
  });

  it('reads back only languages we speak from the header', () => {
    expect(languageOfHeader('de')).toBe('de');
    expect(languageOfHeader('xx')).toBe('en');
    expect(languageOfHeader(null)).toBe('en');
  });
});

describe('the pseudo-locale', () => {
  const at = (path: string) => new URL(path, 'http://127.0.0.1');

  it('is ignored unless switched on: en-XA is English, like any en-… tag', () => {
    expect(pageLanguage(at('/journey?appId=a&language=en-XA'), 'de')).toBe('en');
    expect(pageLanguage(at('/journey?appId=a&language=en-XA'), 'de', {})).toBe('en');
    expect(pageLanguage(at('/journey?appId=a&language=en-XA'), null, { pseudoLocale: false })).toBe(
      'en',
    );
    expect(languageSchema.parse('en-XA')).toBe('en');
  });

  it('never comes from the browser, even when switched on', () => {
    expect(pageLanguage(at('/journey?appId=a'), 'en-XA', { pseudoLocale: true })).toBe('en');
  });

  it('is served for language=en-XA on journey pages when switched on', () => {
    const on = { pseudoLocale: true };
    expect(pageLanguage(at('/journey?appId=a&language=en-XA'), 'de', on)).toBe('en-XA');
    expect(pageLanguage(at('/journey?resume=r&language=en-xa'), null, on)).toBe('en-XA');
    expect(pageLanguage(at('/dashboard?language=en-XA'), null, on)).toBe('en');
    expect(pageLanguage(at('/journey?appId=a&language=de'), null, on)).toBe('de');
    expect(languageOfHeader('en-XA')).toBe('en-XA');
  });
});

describe('stampActionLanguage', () => {
  type Headers = Record<string, string | string[] | undefined>;
  const call = (url: string, headers: Headers) => {
    const req = { url, headers: { 'next-action': 'a'.repeat(42), ...headers } as Headers };
    stampActionLanguage(req, false);
    return req.headers[LANGUAGE_HEADER];
  };

  it('gives a server action call the language of the page it is posted from', () => {
    expect(call('/journey?appId=app_x&userId=u&language=de', {})).toBe('de');
    expect(call('/journey?appId=app_x&userId=u', { 'accept-language': 'fr-CA,fr;q=0.9' })).toBe(
      'fr',
    );
    expect(call('/dashboard/keys', { 'accept-language': 'de' })).toBe('en');
  });

  it('overwrites a language the client sent, and leaves other requests to the proxy', () => {
    expect(call('/journey?language=es', { [LANGUAGE_HEADER]: 'de' })).toBe('es');
    const page = { url: '/journey?language=es', headers: { [LANGUAGE_HEADER]: 'de' } as Headers };
    stampActionLanguage(page, false);
    expect(page.headers[LANGUAGE_HEADER]).toBe('de');
  });
});
