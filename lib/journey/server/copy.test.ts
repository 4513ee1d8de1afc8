import { describe, expect, it } from 'vitest';
import { LAUNCH_ERROR_CODES, STEP_FAILURE_CODES } from '../errors';
import {
  attemptsNote,
  errorCopy,
  frameWords,
  journeyT,
  journeyWords,
  launchErrorCopy,
  nameListIn,
  pageTitleIn,
  reconnectStartCopy,
  resumedElsewhereCopy,
  retryCopy,
  translateFieldErrors,
  validationWords,
} from './copy';
import { LANGUAGES } from '../../vocabulary';
import { fillTemplate } from '../fill';

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
      frame: null,
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
      'Deze link om opnieuw te koppelen is verlopen. Ga terug naar Zon & Co om een nieuwe te krijgen.',
    );
    expect(copy.returnLabel).toBe('Terug naar Zon & Co');
  });
});

describe('step titles', () => {
  it('read in English exactly as the e2e tests name them', () => {
    const t = journeyT('en');
    expect(t('journey.titles.deviceType')).toBe('What would you like to connect?');
    expect(t('journey.titles.oem', { deviceType: t('journey.deviceTypeNouns.ev_charger') })).toBe(
      'Who makes your ev charger?',
    );
    expect(t('journey.titles.authMethod', { oemName: 'Volta' })).toBe(
      'How do you sign in to Volta?',
    );
    expect(t('journey.titles.credentialsApiKey', { oemName: 'Helios' })).toBe(
      'Enter your Helios API key',
    );
    expect(t('journey.titles.credentialsPassword', { oemName: 'Volta' })).toBe('Sign in to Volta');
    expect(t('journey.titles.reconsent', { appName: 'Pal' })).toBe(
      'Reconnect Pal to access your devices',
    );
    expect(pageTitleIn('en', 'Sign in to Volta')).toBe('Sign in to Volta · Connect your device');
    expect(pageTitleIn('en')).toBe('Connect your device');
  });

  it('read in German, with the device type in its own words', () => {
    const t = journeyT('de');
    expect(t('journey.titles.deviceType')).toBe('Was möchten Sie verbinden?');
    expect(t('journey.titles.oem', { deviceType: t('journey.deviceTypeNouns.vehicle') })).toBe(
      'Von welchem Hersteller ist Ihr Fahrzeug?',
    );
    expect(t('journey.titles.credentialsPassword', { oemName: 'Volta' })).toBe(
      'Bei Volta anmelden',
    );
    expect(pageTitleIn('de', 'Bei Volta anmelden')).toBe('Bei Volta anmelden · Gerät verbinden');
  });
});

describe('plurals', () => {
  it('count devices and attempts in each language', () => {
    const de = journeyT('de');
    expect(de('journey.finished.connected', { count: 1 })).toBe('Verbunden: 1 Gerät');
    expect(de('journey.finished.connected', { count: 2 })).toBe('Verbunden: 2 Geräte');
    const en = journeyT('en');
    expect(en('journey.finished.connected', { count: 1 })).toBe('Connected: 1 device');
    expect(en('journey.finished.reconnected', { count: 2 })).toBe('Reconnected: 2 devices');
    expect(en('journey.finished.connectedMessage', { count: 1, appName: 'Pal' })).toBe(
      'Your device is connected to Pal. Returning you to Pal…',
    );
    expect(journeyT('fr')('journey.devices.found', { count: 2, oemName: 'Volta' })).toBe(
      'Nous avons trouvé 2 appareils dans votre compte Volta.',
    );
    expect(attemptsNote('en', 1)).toBe('1 attempt left.');
    expect(attemptsNote('en', 3)).toBe('3 attempts left.');
    expect(attemptsNote('nl', 2)).toBe('Nog 2 pogingen.');
  });
});

describe("the journey's words", () => {
  it('frame the screens, the app named in bold between the two halves', () => {
    const en = frameWords('en', 'Pal');
    expect(`${en.introBefore}Pal${en.introAfter}`).toBe(
      'Pal uses Auth Journey to connect your device',
    );
    expect(fillTemplate(en.progress, { number: 2, total: 7 })).toBe('Step 2 of 7');
    const de = frameWords('de', 'Pal');
    expect(fillTemplate(de.progress, { number: 2, total: 7 })).toBe('Schritt 2 von 7');
    expect(de.footer).toContain('Pal');
  });

  it('name Back, Cancel, Continue and the cancel dialog in each language', () => {
    expect(journeyWords('en', 'Pal')).toMatchObject({
      back: 'Back',
      cancel: 'Cancel',
      continue: 'Continue',
      chooseOne: 'Choose one to continue.',
      cancelDialog: { title: 'Leave? Your devices won’t be connected', stay: 'Stay' },
      sessionExpired: { title: 'Session expired', returnTo: 'Return to Pal' },
    });
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const words = journeyWords(language, 'Pal');
      expect(words.back, language).not.toBe('Back');
      expect(words.cancelDialog.message, language).toContain('Pal');
    }
  });
});

describe('errorCopy', () => {
  it("names the maker and the app when known, in the person's language", () => {
    expect(errorCopy('en', 'ACCOUNT_LOCKED', { oemName: 'Volta', appName: 'Pal' })).toEqual({
      title: 'Your Volta account is locked',
      message:
        'Volta has locked this account. Unlock it in the Volta app or on its website, then connect again from Pal.',
    });
    expect(errorCopy('de', 'INVALID_CREDENTIALS', { oemName: 'Volta' }).message).toBe(
      'Volta hat diese Angaben nicht akzeptiert. Prüfen Sie sie und versuchen Sie es erneut.',
    );
    expect(retryCopy('en', 'OEM_UNAVAILABLE', { oemName: 'Volta' })).toBe(
      'Volta is not responding right now. Your details are still here: try again in a moment.',
    );
    for (const code of STEP_FAILURE_CODES) {
      expect(errorCopy('es', code).message, code).not.toBe(errorCopy('en', code).message);
    }
  });

  it('translates the fields at fault, and words an unknown one generically', () => {
    expect(
      translateFieldErrors('fr', { username: 'Enter your username', id: 'Invalid input' }),
    ).toEqual({
      username: 'Saisissez votre nom d’utilisateur',
      id: 'Cette réponse n’est pas valide.',
    });
    expect(validationWords('de')['Enter the 6-digit code']).toBe(
      'Geben Sie den 6-stelligen Code ein',
    );
  });
});

describe('reconnection and resumed screens', () => {
  it('list the devices as a sentence in each language', () => {
    expect(nameListIn('en', [])).toBe('');
    expect(nameListIn('en', ['Car A'])).toBe('Car A');
    expect(nameListIn('en', ['Car A', 'Car B'])).toBe('Car A and Car B');
    expect(nameListIn('en', ['A', 'B', 'C'])).toBe('A, B and C');
    expect(nameListIn('en', ['A', 'B', 'C', 'D'])).toBe('A, B, C and 1 more');
    expect(nameListIn('de', ['A', 'B', 'C'], 2)).toBe('A, B und 1 weitere');
  });

  it('word the reconnection page', () => {
    const copy = reconnectStartCopy('en', {
      appName: 'Pal',
      oemName: 'Volta',
      deviceNames: ['Car A'],
    });
    expect(copy.title).toBe('Reconnect your Volta account');
    expect(copy.message).toBe(
      'Your Volta connection for Car A expired, so Pal can no longer reach it. Sign in to Volta again to keep them connected.',
    );
    expect(
      reconnectStartCopy('nl', { appName: 'Pal', oemName: 'Volta', deviceNames: [] }).message,
    ).toBe(
      'Pal kan uw apparaten van Volta niet meer bereiken. Log opnieuw in bij Volta om ze gekoppeld te houden.',
    );
  });

  it('word a reloaded address past sign-in', () => {
    const copy = resumedElsewhereCopy('en', 'signed_in', { oemName: null, appName: 'Pal' });
    expect(copy.title).toBe('Your connection is in progress');
    expect(copy.message).toContain('You already signed in to the manufacturer on this page.');
    expect(resumedElsewhereCopy('es', 'ended', { oemName: 'Volta', appName: 'Pal' }).title).toBe(
      'Esta conexión ha terminado',
    );
  });
});
