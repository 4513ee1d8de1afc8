import { CATALOGS } from '../../i18n/catalogs';
import type { Translator } from '../../i18n/translator';
import { translatorFor } from '../../i18n/translator';
import type { AuthMethod, DeviceType, Language } from '../../vocabulary';
import { DEFAULT_LANGUAGE } from '../../vocabulary';
import type { ErrorSubject, JourneyEndCode, JourneyErrorCode, LaunchErrorCode } from '../errors';
import type { StepFailureCode } from '../errors';
import type {
  FrameWords,
  JourneyWords,
  LaunchErrorCopy,
  ReconnectStartCopy,
  ResumedElsewhereCopy,
  ValidationWords,
} from '../views';

/**
 * Every word of the journey a person reads, in their language, from the catalogs
 * (lib/i18n/messages). The server formats; the journey's screens only render what they are sent.
 */

export function journeyT(language: Language = DEFAULT_LANGUAGE): Translator {
  return translatorFor(language);
}

/** A sentence split around the app's name, which the frame shows in bold. */
const NAME_SLOT = '\u0000';

/** The frame around every screen of an app's journey. */
export function frameWords(language: Language, appName: string): FrameWords {
  const t = journeyT(language);
  const [introBefore = '', introAfter = ''] = t('journey.frame.intro', {
    appName: NAME_SLOT,
  }).split(NAME_SLOT);
  return {
    introBefore,
    introAfter,
    footer: t('journey.frame.footer', { appName }),
    // Templates keep their slots: the screen fills them (fillTemplate).
    progress: CATALOGS[language].journey.frame.progress,
    pageTitle: CATALOGS[language].journey.pageTitle,
  };
}

/** The words every screen of a journey needs, sent once with the journey. */
export function journeyWords(language: Language, appName: string): JourneyWords {
  const t = journeyT(language);
  return {
    language,
    frame: frameWords(language, appName),
    back: t('journey.actions.back'),
    cancel: t('journey.actions.cancel'),
    continue: t('journey.actions.continue'),
    loading: t('journey.actions.loading'),
    chooseOne: t('journey.notices.chooseOne'),
    backBlocked: t('journey.notices.backBlocked'),
    networkError: t('journey.errors.NETWORK_ERROR.message'),
    sessionExpired: {
      title: t('journey.errors.SESSION_EXPIRED.title'),
      message: t('journey.errors.SESSION_EXPIRED.message'),
      startAgain: t('journey.actions.startAgain'),
      returnTo: t('journey.actions.returnTo', { appName }),
    },
    cancelDialog: {
      title: t('journey.cancelDialog.title'),
      message: t('journey.cancelDialog.message', { appName }),
      stay: t('journey.cancelDialog.stay'),
      leave: t('journey.cancelDialog.leave'),
    },
  };
}

/** The tab's title of a screen headed `heading`; without one, the journey's own name. */
export function pageTitleIn(language: Language, heading?: string): string {
  const t = journeyT(language);
  return heading === undefined
    ? t('journey.defaultPageTitle')
    : t('journey.pageTitle', { heading });
}

export function deviceTypeLabel(language: Language, type: DeviceType): string {
  return journeyT(language)(`journey.deviceTypes.${type}`);
}

export function authMethodLabel(language: Language, method: AuthMethod): string {
  return journeyT(language)(`journey.authMethods.${method}`);
}

type ValidationKey = keyof (typeof CATALOGS)['en']['journey']['validation'];

/** The step forms' validation messages, by their English wording (the zod schemas' own). */
export function validationWords(language: Language): ValidationWords {
  const english = CATALOGS.en.journey.validation;
  const t = journeyT(language);
  const words: ValidationWords = {};
  for (const key of Object.keys(english) as ValidationKey[]) {
    words[english[key]] = t(`journey.validation.${key}`);
  }
  return words;
}

/**
 * A refusal's field messages in the person's language. The schemas and steps word them in English;
 * one the catalog does not know (a schema's generic message) reads as "This answer is not valid".
 */
export function translateFieldErrors(
  language: Language,
  fieldErrors: Record<string, string>,
): Record<string, string> {
  const words = validationWords(language);
  const invalid = journeyT(language)('journey.validation.invalid');
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, message]) => [
      field,
      Object.hasOwn(words, message) ? words[message]! : invalid,
    ]),
  );
}

/**
 * The title and message a person sees for `code`: the maker named, and what to do next, when the
 * journey knows them; the generic wording otherwise.
 */
export function errorCopy(
  language: Language,
  code: JourneyErrorCode,
  { oemName, appName }: ErrorSubject = {},
): { title: string; message: string } {
  const t = journeyT(language);
  const title = t(`journey.errors.${code}.title`);
  const message = t(`journey.errors.${code}.message`);
  if (appName && (code === 'LINK_USED' || code === 'LINK_EXPIRED'))
    return { title, message: t(`journey.errors.${code}.messageWithApp`, { appName }) };
  if (!oemName) return { title, message };
  const app = appName ?? t('journey.theApp');
  switch (code) {
    case 'OEM_UNAVAILABLE':
    case 'ACCOUNT_LOCKED':
      return {
        title: t(`journey.errors.${code}.titleWithOem`, { oemName }),
        message: t(`journey.errors.${code}.messageWithOem`, { oemName, appName: app }),
      };
    case 'NO_DEVICES':
    case 'TOO_MANY_ATTEMPTS':
      return {
        title,
        message: t(`journey.errors.${code}.messageWithOem`, { oemName, appName: app }),
      };
    case 'INVALID_CREDENTIALS':
    case 'INVALID_MFA_CODE':
    case 'ACCOUNT_RATE_LIMITED':
    case 'ACCOUNT_MISMATCH':
      return { title, message: t(`journey.errors.${code}.messageWithOem`, { oemName }) };
    default:
      return { title, message };
  }
}

/** A retry offered on the step itself: what a passing outage asks of the person. */
export function retryCopy(
  language: Language,
  code: StepFailureCode,
  subject: ErrorSubject,
): string {
  if (code === 'OEM_UNAVAILABLE' && subject.oemName)
    return journeyT(language)('journey.errors.OEM_UNAVAILABLE.retryWithOem', {
      oemName: subject.oemName,
    });
  return errorCopy(language, code, subject).message;
}

/** A step refused before its journey was known (a foreign origin, a failure of ours). */
export function stepRefusal(
  language: Language,
  code: 'FORBIDDEN_ORIGIN' | 'INTERNAL_ERROR',
): { ok: false; code: StepFailureCode; message: string } {
  return { ok: false, code, message: errorCopy(language, code).message };
}

/** "Those details belong to a different Volta account … (j***@example.com)." */
export function accountMismatchCopy(language: Language, oemName: string, hint: string): string {
  return journeyT(language)('journey.errors.ACCOUNT_MISMATCH.messageWithHint', { oemName, hint });
}

/** "2 attempts left.", after refused details or a wrong code. */
export function attemptsNote(language: Language, count: number): string {
  return journeyT(language)('journey.credentials.attemptsLeft', { count });
}

/** What a person can do with the maker about an error that ended the journey. */
export function endHelpLabel(language: Language, code: JourneyEndCode, oemName: string): string {
  const t = journeyT(language);
  return code === 'ACCOUNT_LOCKED'
    ? t('journey.finished.unlockAccount', { oemName })
    : t('journey.finished.resetPassword', { oemName });
}

export function resumedElsewhereCopy(
  language: Language,
  kind: 'signed_in' | 'ended',
  subject: { oemName: string | null; appName: string },
): ResumedElsewhereCopy {
  const t = journeyT(language);
  const { appName } = subject;
  const oemName = subject.oemName ?? t('journey.resumed.theManufacturer');
  return {
    language,
    title: t(kind === 'signed_in' ? 'journey.resumed.signedInTitle' : 'journey.resumed.endedTitle'),
    message: t(kind === 'signed_in' ? 'journey.resumed.signedIn' : 'journey.resumed.ended', {
      oemName,
      appName,
    }),
    returnLabel: t('journey.actions.returnTo', { appName }),
    frame: frameWords(language, appName),
  };
}

/** Names as a person reads them: "A", "A and B", "A, B and C", past `max` "A, B and 22 more". */
export function nameListIn(language: Language, names: readonly string[], max = 3): string {
  const t = journeyT(language);
  if (names.length === 0) return '';
  if (names.length === 1) return names[0]!;
  if (names.length <= max)
    return t('journey.reconnect.twoNames', {
      first: names.slice(0, -1).join(', '),
      second: names.at(-1)!,
    });
  return t('journey.reconnect.moreNames', {
    names: names.slice(0, max).join(', '),
    count: names.length - max,
  });
}

export function reconnectStartCopy(
  language: Language,
  preview: { appName: string; oemName: string; deviceNames: readonly string[] },
): ReconnectStartCopy {
  const t = journeyT(language);
  const { appName, oemName, deviceNames } = preview;
  const devices = nameListIn(language, deviceNames, 2);
  const reach = devices
    ? t('journey.reconnect.expired', { oemName, devices, appName, count: deviceNames.length })
    : t('journey.reconnect.unreachable', { appName, oemName });
  return {
    language,
    title: t('journey.reconnect.title', { oemName }),
    message: `${reach} ${t('journey.reconnect.signInAgain', { oemName })}`,
    continue: t('journey.actions.continue'),
    networkError: t('journey.errors.NETWORK_ERROR.message'),
    frame: frameWords(language, appName),
  };
}

/**
 * The launch error screen's words in the person's language. `detail` is for the app's developers
 * (which parameter was wrong): it stays as written, under a translated label. With the app's name
 * (a used or expired reconnection link), the message and the way back name it.
 */
export function launchErrorCopy(
  code: LaunchErrorCode,
  options: { language?: Language; detail?: string; appName?: string } = {},
): LaunchErrorCopy {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const t = translatorFor(language);
  const { appName } = options;
  const message =
    appName && (code === 'LINK_USED' || code === 'LINK_EXPIRED')
      ? t(`launch.errors.${code}.messageWithApp`, { appName })
      : t(`launch.errors.${code}.message`);
  return {
    language,
    code,
    title: t(`launch.errors.${code}.title`),
    message,
    codeLine: t('launch.errorCode', { code }),
    developerDetail: options.detail
      ? { label: t('launch.developerDetail'), text: options.detail }
      : null,
    returnLabel: appName ? t('launch.returnTo', { appName }) : null,
    frame: appName ? frameWords(language, appName) : null,
  };
}
