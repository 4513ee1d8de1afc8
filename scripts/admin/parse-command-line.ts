import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import type { CommandName } from './command-table';
import { COMMANDS, COMMAND_NAMES } from './command-table';
import type { Command, CommandContext } from './define-command';

export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'command'; name: CommandName; run: (ctx: CommandContext) => Promise<unknown> };

function isHelp(arg: string): boolean {
  return arg === 'help' || arg === '--help' || arg === '-h';
}

function isCommandName(value: string): value is CommandName {
  return Object.hasOwn(COMMANDS, value);
}

/** Parses the command line without touching the database: bad input fails before anything opens. */
export function parseAdminCommand(argv: readonly string[]): ParsedCommand {
  const [name, ...rest] = argv;
  const list = COMMAND_NAMES.join(', ');
  if (name === undefined || name === '') throw new CliError(`Missing command. Commands: ${list}`);
  if (isHelp(name) || rest.some(isHelp)) return { kind: 'help' };
  if (!isCommandName(name)) throw new CliError(`Unknown command "${name}". Commands: ${list}`);
  const command: Command = COMMANDS[name];
  const values = parseFlags(name, command, rest);
  for (const [flag, spec] of Object.entries(command.flags)) {
    if (spec.required && values[flag] === undefined) {
      throw new CliError(`Missing required flag --${flag} for ${name}`);
    }
  }
  return { kind: 'command', name, run: command.prepare(values) };
}

function parseFlags(name: string, command: Command, args: string[]): Record<string, unknown> {
  const allowed = Object.keys(command.flags)
    .map((f) => `--${f}`)
    .join(', ');
  try {
    const { values, tokens } = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(command.flags).map(([flag, spec]) => [
          flag,
          { type: spec.type, multiple: spec.multiple ?? false },
        ]),
      ),
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
    // A flag given twice would silently keep the last value; refuse unless it is meant to repeat.
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== 'option') continue;
      if (seen.has(token.name) && !command.flags[token.name]?.multiple) {
        throw new CliError(`Flag --${token.name} given more than once`);
      }
      seen.add(token.name);
    }
    return values;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
    const flag = quoted.split(' ')[0] ?? quoted;
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new CliError(`Unknown flag ${flag} for ${name}. Flags: ${allowed}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        if (command.flags[flag.replace(/^--/, '')]?.type === 'boolean') {
          throw new CliError(`Flag ${flag} takes no value`);
        }
        // parseArgs reads `--flag -x` as a flag without a value followed by another flag.
        throw new CliError(
          (error as Error).message.includes('ambiguous')
            ? `Flag ${flag} needs a value (write ${flag}=VALUE for a value starting with "-")`
            : `Flag ${flag} needs a value`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new CliError(`Unexpected argument "${flag}" for ${name}. Flags: ${allowed}`);
      default:
        throw error;
    }
  }
}
