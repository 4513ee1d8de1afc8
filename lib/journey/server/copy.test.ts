import { describe, expect, it } from 'vitest';
import { LAUNCH_ERROR_CODES } from '../errors';
import { launchErrorCopy } from './copy';

describe('launchErrorCopy', () => {
  it('words every launch error in the person’s language', () => {
    expect(launchErrorCopy('APP_NOT_FOUND', { language: 'de' })).toEqual({
      language: 'de',
      code: 'APP_NOT_FOUND',
      title: 'Unbekannte Anwendung',
      message:
        'Die App, die Sie hierher geschickt hat, ist nicht registriert. Kehren Sie zur App zurück und versuchen Sie es erneut.',
      codeLine: 'Fehlercode: APP_NOT_FOUND',
      developerDetail: null,
      returnLabel: null,
    });
    for (const code of LAUNCH_ERROR_CODES) {
      const english = launchErrorCopy(code);
      const french = launchErrorCopy(code, { language: 'fr' });
      expect(french.title, code).not.toBe(english.title);
      expect(french.message, code).not.toBe(english.message);
    }
  });

  it('keeps the developers’ detail as written, under a translated label', () => {
    const copy = launchErrorCopy('INVALID_LAUNCH', {
      language: 'es',
      detail: 'userId is too long',
    });
    expect(copy.developerDetail).toEqual({
      label: 'Para los desarrolladores de la app',
      text: 'userId is too long',
    });
  });

  it('names the app on used and expired links, and the way back to it', () => {
    const copy = launchErrorCopy('LINK_EXPIRED', { language: 'nl', appName: 'Zon & Co' });
    expect(copy.message).toBe(
      'Deze link om opnieuw te verbinden is verlopen. Ga terug naar Zon & Co om een nieuwe te krijgen.',
    );
    expect(copy.returnLabel).toBe('Terug naar Zon & Co');
  });
});
