import { translatorFor } from '../../i18n/translator';
import type { Language } from '../../vocabulary';
import { DEFAULT_LANGUAGE } from '../../vocabulary';
import type { LaunchErrorCode } from '../errors';
import type { LaunchErrorCopy } from '../views';

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
  };
}
