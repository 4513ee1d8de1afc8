import { parseConfig } from '../../lib/config';
import type { ParsedCommand } from './commands';
import { executeAdminCommand, parseAdminCommand, usage } from './commands';
import { CliError } from './cli-error';
import { openAdminDb } from './open-db';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit status for bad input (usage errors), as opposed to 1 for failures of the command itself. */
export const EXIT_BAD_INPUT = 2;

/**
 * The admin CLI: parses `argv` (what follows `npm run admin --`), runs the command and prints its result
 * as JSON on stdout. Any failure prints exactly one line on stderr and nothing on stdout. Returns the
 * exit status. The database is opened only for valid input and always closed before returning.
 */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  try {
    const parsed: ParsedCommand = parseAdminCommand(argv);
    if (parsed.kind === 'help') {
      io.stdout(`${JSON.stringify(usage(), null, 2)}\n`);
      return 0;
    }
    const config = parseConfig(env);
    const handle = await openAdminDb(config);
    let result: unknown;
    try {
      result = await executeAdminCommand(parsed, { db: handle.db, config, now: new Date() });
    } finally {
      await handle.close();
    }
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    const bad =
      error instanceof CliError || (error instanceof Error && error.name === 'ConfigError');
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: ${oneLine(message)}\n`);
    return bad ? EXIT_BAD_INPUT : 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
