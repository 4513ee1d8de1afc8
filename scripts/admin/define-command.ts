import type { z } from 'zod';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import { CliError } from './cli-error';

export interface CommandContext {
  db: Db;
  config: Config;
  now: Date;
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  required?: boolean;
  help: string;
}

export interface Command {
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Validates parsed flag values (keyed by flag name) and returns the work to do. */
  prepare(values: Record<string, unknown>): (ctx: CommandContext) => Promise<unknown>;
}

export function defineCommand<S extends z.ZodObject>(definition: {
  summary: string;
  flags: Record<string, FlagSpec>;
  schema: S;
  run: (ctx: CommandContext, input: z.output<S>) => Promise<unknown>;
}): Command {
  return {
    summary: definition.summary,
    flags: definition.flags,
    prepare(values) {
      const result = definition.schema.safeParse(values);
      if (!result.success) {
        const issue = result.error.issues[0];
        const flag = String(issue?.path[0] ?? '');
        throw new CliError(`Invalid --${flag}: ${issue?.message ?? 'is invalid'}`);
      }
      return (ctx) => definition.run(ctx, result.data);
    },
  };
}
