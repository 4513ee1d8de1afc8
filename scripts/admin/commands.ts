import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import { NotFoundError, ValidationError } from '../../lib/customers';
import { InvalidKeyInputError, NotFoundError as KeyNotFoundError } from '../../lib/keys';
import {
  WebhookCustomerError,
  WebhookEndpointLimitError,
  WebhookUrlError,
} from '../../lib/webhooks';
import { CliError } from './cli-error';
import { COMMANDS } from './command-table';
import type { Command, CommandContext } from './define-command';
import type { ParsedCommand } from './parse-command-line';
import { parseAdminCommand } from './parse-command-line';

export { COMMANDS, COMMAND_NAMES } from './command-table';
export type { CommandName } from './command-table';
export type { CommandContext } from './define-command';
export { parseAdminCommand } from './parse-command-line';
export type { ParsedCommand } from './parse-command-line';

/** Maps a field of a lib/customers ValidationError to the flag that carries it. */
const FLAG_FOR_FIELD: Record<string, string> = {
  customerId: 'customer',
  name: 'name',
  appName: 'name',
  liveEnabled: 'live-enabled',
  globalCap: 'global-cap',
  oemCaps: 'oem-cap',
  plan: 'plan',
  rateLimit: 'rate',
  monthlyQuota: 'monthly-quota',
  redirectUrl: 'redirect-url',
  reconnectRedirectUrl: 'reconnect-redirect-url',
  logoUrl: 'logo-url',
  primaryColor: 'primary-color',
  allowedOrigins: 'allowed-origins',
  supportedOems: 'oems',
  entitledTiers: 'tiers',
};

/** Runs a parsed command, turning the domain's user-safe errors into CliErrors. */
export async function executeAdminCommand(
  parsed: ParsedCommand,
  ctx: CommandContext,
): Promise<unknown> {
  if (parsed.kind === 'help') return usage();
  try {
    return await parsed.run(ctx);
  } catch (error) {
    if (error instanceof ValidationError) {
      const flag = FLAG_FOR_FIELD[error.field.split('.')[0] ?? ''];
      throw new CliError(flag ? `Invalid --${flag}: ${error.reason}` : error.message);
    }
    if (
      error instanceof NotFoundError ||
      error instanceof KeyNotFoundError ||
      error instanceof InvalidKeyInputError ||
      error instanceof WebhookUrlError ||
      error instanceof WebhookCustomerError ||
      error instanceof WebhookEndpointLimitError
    ) {
      throw new CliError(error.message);
    }
    throw error;
  }
}

/**
 * Runs one admin command against `db`: `argv` is what follows `npm run admin --`. Returns what the CLI
 * prints as JSON; throws CliError for bad input.
 */
export async function runAdminCommand(
  db: Db,
  argv: readonly string[],
  config: Config,
  options: { now?: Date } = {},
): Promise<unknown> {
  return executeAdminCommand(parseAdminCommand(argv), {
    db,
    config,
    now: options.now ?? new Date(),
  });
}

/** What `npm run admin -- help` prints. */
export function usage() {
  return {
    usage: 'npm run admin -- <command> [--flag value]...',
    commands: Object.fromEntries(
      Object.entries(COMMANDS).map(([name, command]: [string, Command]) => [
        name,
        {
          summary: command.summary,
          flags: Object.fromEntries(
            Object.entries(command.flags).map(([flag, spec]) => [
              `--${flag}`,
              `${spec.required ? '(required) ' : ''}${spec.help}`,
            ]),
          ),
        },
      ]),
    ),
  };
}
