import { headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { describeError, getLogger } from '@/lib/log';
import { getDb } from '@/lib/db/client';
import { LANGUAGE_HEADER, languageOfHeader } from '@/lib/i18n/language';
import type { Language } from '@/lib/vocabulary';
import type { JourneyDeps } from '@/lib/journey/server';
import { getLaunchLimiter } from '@/lib/journey/server';
import { CLIENT_ADDRESS_HEADER } from '@/lib/security/client-address';

export async function journeyDeps(): Promise<JourneyDeps> {
  const config = getConfig();
  const h = await headers();
  const clientAddress = h.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  return {
    db: await getDb(),
    config,
    now: new Date(),
    clientAddress,
    launchLimiter: getLaunchLimiter(config),
    language: languageOfHeader(h.get(LANGUAGE_HEADER)),
    // Logos are fetched by the server and served from our origin; a developer's machine
    // (WEBHOOK_ALLOW_PRIVATE) may serve them from loopback or private addresses.
    logos: { options: { allowPrivate: config.webhookAllowPrivate } },
  };
}

/** The language this request's page speaks, as the proxy negotiated it. */
export async function requestLanguage(): Promise<Language> {
  return languageOfHeader((await headers()).get(LANGUAGE_HEADER));
}

/**
 * Runs a journey page's launch. An unexpected failure is logged without its SQL parameters (Next
 * would print the error, parameters and all) and answered with an error screen, never a 500.
 */
export async function launchSafely<T extends { ok: boolean }>(
  page: string,
  launch: () => Promise<T>,
): Promise<T | { ok: false; code: 'INTERNAL_ERROR' }> {
  try {
    return await launch();
  } catch (error) {
    getLogger().error({ page, ...describeError(error) }, 'journey launch failed');
    return { ok: false, code: 'INTERNAL_ERROR' };
  }
}
