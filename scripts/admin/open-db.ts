import type { Config } from '../../lib/config';
import type { DbHandle } from '../../lib/db/client';
import {
  embeddedSocketAvailable,
  embeddedSocketUrl,
  openPglite,
  openPostgres,
} from '../../lib/db/client';

/**
 * Opens the database the server uses, in a way that works while the server runs:
 * - DATABASE_URL: connect to PostgreSQL (migrations run under an advisory lock, as for the server);
 * - embedded, server running: the server serves PGlite over the Postgres protocol on a Unix socket in
 *   DATA_DIR, and PGlite allows one opener per directory, so go through that socket (one connection,
 *   no migrations — the server already ran them);
 * - embedded, no server: open PGlite directly (takes the directory lock, migrates).
 */
export async function openAdminDb(config: Config): Promise<DbHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  if (embeddedSocketAvailable(config.dataDir)) {
    return openPostgres(embeddedSocketUrl(config.dataDir), { migrate: false, max: 1 });
  }
  return openPglite(config.dataDir);
}
