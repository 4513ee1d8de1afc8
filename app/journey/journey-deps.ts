import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import type { SessionDeps } from '@/lib/sessions';

export async function journeyDeps(): Promise<SessionDeps> {
  const config = getConfig();
  return { db: await getDb(), config, now: new Date() };
}
